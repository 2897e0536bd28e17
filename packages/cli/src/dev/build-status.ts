import { DEV_API, MAX_BUILD_MESSAGE_CHARS, type BuildStatusReport } from '@extsys/protocol';

/**
 * Tells the dev gateway how the author's latest build went (`POST /api/dev/build-status`, on with
 * GATEWAY_DEV_EVENTS): it relays it to open host pages, which show a failure over the frame while
 * the last good version keeps running. Best effort: the terminal has the error either way.
 */
export async function reportBuildStatus(
  gatewayUrl: string,
  adminToken: string,
  status: BuildStatusReport,
): Promise<void> {
  // The gateway refuses a longer message; the page needs its start (file:line and the code frame).
  const report: BuildStatusReport =
    status.message === undefined ? status : { ...status, message: status.message.slice(0, MAX_BUILD_MESSAGE_CHARS) };
  try {
    await fetch(new URL(DEV_API.buildStatus, gatewayUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(report),
    });
  } catch {
    // The stack is stopping or gone: nothing to show the page.
  }
}
