import { HostBridgeError } from './errors.js';
import { sameOriginProblem, type HostSandboxPolicy } from './sandbox.js';

// Invariant 1: extensions never share an origin while they hold `allow-same-origin`. The page
// remembers which extension each such origin was given to for its whole life, not just while the
// frame is mounted: an origin's storage, cookies and service workers outlive the frame, so a
// released claim would let the next extension on that origin read what the previous one left.
const claims = new Map<string, string>();

/**
 * Checks a frame that holds `allow-same-origin` before the bridge touches it: its page must be on
 * the per-extension origin the host declared (`sandboxPolicy.sameOrigin` + `extensionOrigin`),
 * that origin must not be the host's, and no other extension may have had it in this page.
 * Throws `HostBridgeError('forbidden')`; on success the origin belongs to `extensionId`.
 */
export function claimSameOrigin(options: {
  policy: HostSandboxPolicy | undefined;
  frameOrigin: string;
  hostOrigin: string;
  extensionId: string;
}): void {
  const { policy, frameOrigin, hostOrigin, extensionId } = options;
  const refuse = (problem: string) =>
    new HostBridgeError(
      'forbidden',
      `bootstrapIframe: allow-same-origin refused: ${problem}. Serve each extension from its own origin ` +
        'and declare it (sandboxPolicy: {sameOrigin: true, extensionOrigin}), or drop allow-same-origin ' +
        '(the default opaque origin works with the bridge).',
    );
  if (frameOrigin === hostOrigin) throw refuse(`the iframe's page is on the host's own origin ${hostOrigin}`);
  if (policy?.sameOrigin !== true) throw refuse('the host did not declare sandboxPolicy.sameOrigin');
  const problem = sameOriginProblem({ ...policy, hostOrigin });
  if (problem) throw refuse(problem);
  const declared = new URL(policy.extensionOrigin!).origin;
  if (declared !== frameOrigin) {
    throw refuse(`the iframe's page is on ${frameOrigin}, not on the declared extensionOrigin ${declared}`);
  }
  const owner = claims.get(frameOrigin);
  if (owner !== undefined && owner !== extensionId) {
    throw refuse(`${frameOrigin} was already given to ${owner} in this page; two extensions may not share an origin`);
  }
  claims.set(frameOrigin, extensionId);
}
