/**
 * Tells the dev gateway how the author's latest build went (`POST /api/dev/build-status`, on with
 * GATEWAY_DEV_EVENTS): it relays it to open host pages, which show a failure over the frame while
 * the last good version keeps running. Best effort: the terminal has the error either way.
 */
export async function reportBuildStatus(
  gatewayUrl: string,
  adminToken: string,
  status: { extensionId: string; ok: boolean; message?: string },
): Promise<void> {
  try {
    await fetch(new URL('/api/dev/build-status', gatewayUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(status.message ? { ...status, message: status.message.slice(0, 16_000) } : status),
    });
  } catch {
    // The stack is stopping or gone: nothing to show the page.
  }
}
