import type { TokenGrant } from '@extsys/protocol/bridge';
import type { TokenRequest } from '@extsys/protocol/host-methods';
import { asHostBridgeError, type HostBridgeError } from '../errors.js';
import type { TokenManager } from '../token-refresh.js';
import type { ExtensionCalls } from './extension-calls.js';

/**
 * Where tokens come from: `createTokenManager()` (token-refresh.ts) over the host's `getToken`,
 * or anything with its shape (the mock host mints its own and schedules nothing).
 */
export type TokenSource = TokenManager;

export interface TokenSchedule {
  /** The token a hello's context carries (the held one while it is fresh enough). */
  forHello(): Promise<TokenGrant>;
  /** Answers `requestToken`, and re-arms the refresh timer. */
  answerRequest(request: TokenRequest): Promise<TokenGrant>;
  /** Starts (or restarts) pushing refreshed tokens, when the extension announced `token`. */
  arm(): void;
  /** Stops pushing (the connection went away); the held token stays. */
  pause(): void;
  /** The host's `refreshToken()`: a new token now, pushed when the extension takes pushes. */
  renewAndPush(): Promise<void>;
  dispose(): void;
}

export function createTokenSchedule(options: {
  source: TokenSource;
  calls: ExtensionCalls;
  /** Whether the extension is connected and announced the `token` feature. */
  pushable: () => boolean;
  reportError: (error: HostBridgeError) => void;
}): TokenSchedule {
  const { source, calls, pushable } = options;

  function push(grant: TokenGrant) {
    if (!pushable()) return;
    calls.call('tokenChanged', grant).catch((error: unknown) => {
      const failure = asHostBridgeError(error, 'connection_lost', 'tokenChanged');
      // A reload or destroy interrupting a push is expected: the next hello carries a token.
      if (failure.code !== 'connection_lost' && failure.code !== 'connection_destroyed') options.reportError(failure);
    });
  }
  function arm() {
    if (pushable()) source.schedule(push);
  }

  return {
    forHello: () => Promise.resolve(source.get({ minTtlMs: 0 })),
    async answerRequest(request) {
      const grant = await source.get({
        fresh: request.reason !== 'expiring',
        ...(request.minTtlMs !== undefined ? { minTtlMs: request.minTtlMs } : {}),
      });
      arm();
      return grant;
    },
    arm,
    pause: () => source.pause(),
    async renewAndPush() {
      const grant = await calls.interruptible(source.renew());
      if (!pushable()) return;
      arm();
      await calls.call('tokenChanged', grant);
    },
    dispose: () => source.dispose(),
  };
}
