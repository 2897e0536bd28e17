import type { RunnerConfig } from './config.js';

/**
 * What an operator should hear about at start rather than from the first request it breaks: a
 * setting that leaves a part of the runner off.
 */
export function startupWarnings(config: Pick<RunnerConfig, 'frameAncestors' | 'serviceToken'>): string[] {
  const warnings: string[] = [];
  if (config.serviceToken === undefined) {
    warnings.push(
      'RUNNER_SERVICE_TOKEN is not set: POST /v1/execute and GET /v1/events are off (every call answers 401 service_auth_invalid); extension UIs are still served. Give the runner and its gateway the same secret of at least 32 characters',
    );
  }
  if (config.frameAncestors.length === 0) {
    warnings.push("EXT_UI_FRAME_ANCESTORS is empty: no host can frame extension pages (frame-ancestors 'none')");
  }
  return warnings;
}
