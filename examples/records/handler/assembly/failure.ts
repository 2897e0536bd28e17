import { HostError, JsonObject, Response } from '@extsys/handler-sdk';

/**
 * An error answer in the system's envelope, `{"error": {"code", "message", "retriable", "status"}}`.
 * `code` must be one of @extsys/protocol's error codes. (Not `Response.error()`: handler-sdk 0.1.0
 * leaves out `retriable`, which the ext SDK's envelope schema requires, so the UI would see only
 * a code guessed from the status.)
 */
export function fail(status: i32, code: string, message: string, retriable: bool = false): Response {
  const envelope = new JsonObject()
    .str('code', code)
    .str('message', message)
    .bool('retriable', retriable)
    .int('status', status);
  return Response.rawJson(status, '{"error":' + envelope.toString() + '}');
}

/**
 * A refused or failed host call as the handler's answer, keeping the runner's error code
 * (`capability_denied`, `egress_denied`, `quota_exceeded`, `timeout`...) so the UI can show it.
 */
export function hostFailure(error: HostError | null): Response {
  if (error === null) return fail(500, 'internal', 'a host call failed without an error');
  const e = changetype<HostError>(error);
  let status = e.status;
  if (status < 400) status = e.code == 'capability_denied' || e.code == 'egress_denied' ? 403 : 502;
  return fail(status, e.code, e.message, e.retriable);
}
