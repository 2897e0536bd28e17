// Helpers shared by the specs: frames, gateway traffic, and the scripts an extension page runs
// against its own sandbox (run in the frame with frame.evaluate: a real script in the sandboxed
// extension document, exactly like the extension's own code).
import { expect, type Frame, type Page, type Request, type Response } from '@playwright/test';

/** The Frame of the iframe matched by `selector`, once it has navigated to the runner. */
export async function contentFrame(page: Page, selector: string): Promise<Frame> {
  const element = await page.waitForSelector(selector, { state: 'attached' });
  let frame: Frame | null = null;
  await expect
    .poll(async () => {
      frame = await element.contentFrame();
      return frame?.url() ?? '';
    })
    .toContain('/ext-ui/');
  return frame!;
}

export interface GatewayCall {
  method: string;
  url: string;
  status: number;
  authorization: string | undefined;
  at: number;
}

/** Records every response of the gateway's /api/ext/ proxy seen by `page` (every frame). */
export function watchGateway(page: Page): { calls: GatewayCall[]; requests: Request[] } {
  const calls: GatewayCall[] = [];
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/ext/')) requests.push(request);
  });
  page.on('response', (response: Response) => {
    const request = response.request();
    if (!request.url().includes('/api/ext/') || request.method() === 'OPTIONS') return;
    calls.push({
      method: request.method(),
      url: request.url(),
      status: response.status(),
      authorization: request.headers()['authorization'],
      at: Date.now(),
    });
  });
  return { calls, requests };
}

/** Decodes a JWT's payload (no verification: the gateway is the verifier). */
export function jwtPayload(token: string): Record<string, unknown> {
  const payload = token.replace(/^Bearer /, '').split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export interface EscapeAttempts {
  parentDocument: string;
  parentLocation: string;
  topDocument: string;
  cookie: string;
  localStorage: string;
  sessionStorage: string;
  navigateTop: string;
  popup: string;
  origin: string;
}

/** What every read of the host from a sandboxed (opaque-origin) extension frame must give. */
export const HOST_READS_REFUSED = {
  parentDocument: 'throws:SecurityError',
  parentLocation: 'throws:SecurityError',
  topDocument: 'throws:SecurityError',
  cookie: 'throws:SecurityError',
  localStorage: 'throws:SecurityError',
  sessionStorage: 'throws:SecurityError',
  origin: 'null',
} as const;

/**
 * What a script in the extension frame gets when it tries to leave its sandbox. Each entry is
 * "ok:<value>" when the attempt returned something, "throws:<error name>" when it threw.
 */
export function attemptEscapes(frame: Frame, navigateTo: string): Promise<EscapeAttempts> {
  return frame.evaluate((target) => {
    const attempt = (fn: () => unknown): string => {
      try {
        const value = fn();
        return `ok:${value === null ? 'null' : typeof value === 'string' ? value : typeof value}`;
      } catch (error) {
        return `throws:${(error as Error).name}`;
      }
    };
    return {
      parentDocument: attempt(() => window.parent.document.cookie),
      parentLocation: attempt(() => window.parent.location.href),
      topDocument: attempt(() => window.top!.document.body.innerHTML),
      cookie: attempt(() => document.cookie),
      localStorage: attempt(() => JSON.stringify(window.localStorage)),
      sessionStorage: attempt(() => JSON.stringify(window.sessionStorage)),
      navigateTop: attempt(() => {
        window.top!.location.href = target;
        return 'assigned';
      }),
      popup: attempt(() => window.open(target, '_blank')),
      origin: window.origin,
    };
  }, navigateTo);
}
