// The demo host page (gateway-stub/host-app, served by the gateway at /): its data-testids in one
// place (documented in docs/packages/gateway-stub.md).
import { expect, type Frame, type Page } from '@playwright/test';
import type { ThemeMode } from '@extsys/protocol/theme';
import { contentFrame } from './helpers.js';

export const DEMO = {
  frameWrapper: '[data-testid="extension-frame"]',
  frame: '[data-testid="extension-frame"] iframe',
};

/** Logs in through the login form as a seeded user (password "demo"). */
export async function login(page: Page, userId: 'alice' | 'bob' | 'carol' = 'alice'): Promise<void> {
  await page.goto('/');
  await page.getByTestId('login-user').selectOption(userId);
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** The mounted extension's frame once its handshake completed (the wrapper says "connected"). */
export async function connectedFrame(page: Page): Promise<Frame> {
  await expect(page.locator(DEMO.frameWrapper)).toHaveAttribute('data-status', 'connected');
  return contentFrame(page, DEMO.frame);
}

/** Opens an extension from the navigation menu and waits for its handshake. */
export async function openExtension(page: Page, extensionId: string): Promise<Frame> {
  await page.getByTestId(`nav-ext-${extensionId}`).click();
  await expect(page).toHaveURL(new RegExp(`/ext/${extensionId.replace(/\./g, '\\.')}(/|$)`));
  await expect(page.locator(DEMO.frameWrapper)).toHaveAttribute('data-extension-id', extensionId);
  return connectedFrame(page);
}

export async function switchTheme(page: Page, mode: ThemeMode): Promise<void> {
  await page.getByTestId('theme-switcher').selectOption(mode);
}

/** The iframe element's rendered height in CSS pixels. */
export async function frameHeight(page: Page): Promise<number> {
  const box = await page.locator(DEMO.frame).boundingBox();
  return box?.height ?? 0;
}
