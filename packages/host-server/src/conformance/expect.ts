import { ErrorResponse, HEADER, type ErrorEnvelope } from '@extsys/protocol';
import type { RecordedRunnerCall } from './recording-proxy.js';
import type { ConformanceInstall, ConformanceResponse, ConformanceTarget } from './target.js';

/** A case's failure: what was expected, and what came back. */
export class ConformanceFailure extends Error {
  override name = 'ConformanceFailure';
}

/** Fails the case: `expected` is what a conformant host does, `got` what this one did. */
export function fail(expected: string, got: string): never {
  throw new ConformanceFailure(`expected ${expected}; got ${got}`);
}

/** A response in one line for a failure message: status, the headers that matter, the body's start. */
export function describeResponse(response: ConformanceResponse): string {
  const text = new TextDecoder().decode(response.body);
  const shown = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return `${response.status} ${JSON.stringify(response.headers)} ${shown || '(no body)'}`;
}

export function bodyText(response: ConformanceResponse): string {
  return new TextDecoder().decode(response.body);
}

export function bodyJson<T>(response: ConformanceResponse, what: string): T {
  try {
    return JSON.parse(bodyText(response)) as T;
  } catch {
    return fail(`${what} as a JSON body`, describeResponse(response));
  }
}

export function expectStatus(response: ConformanceResponse, status: number, what: string): void {
  if (response.status !== status) fail(`${what}: status ${status}`, describeResponse(response));
}

/**
 * A refusal: `status`, and the protocol's error envelope `{error: {code, message, requestId,
 * retriable, status}}` as JSON, with `code`, the answer's status, and the request id the answer's
 * `x-request-id` header carries.
 */
export function expectRefusal(
  response: ConformanceResponse,
  status: number,
  code: string,
  what: string,
): ErrorEnvelope {
  if (response.status !== status) fail(`${what}: ${status} ${code}`, describeResponse(response));
  const type = response.headers['content-type'] ?? '';
  if (!type.startsWith('application/json'))
    fail(`${what}: an application/json error envelope`, describeResponse(response));
  const parsed = ErrorResponse.safeParse(bodyJson(response, `${what}: the error envelope`));
  if (!parsed.success) fail(`${what}: a protocol error envelope (${parsed.error.message})`, describeResponse(response));
  const error = parsed.data.error;
  if (error.code !== code) fail(`${what}: error code ${code}`, `${error.code}: ${describeResponse(response)}`);
  if (error.status !== status) fail(`${what}: the envelope's status ${status}`, describeResponse(response));
  const requestId = response.headers[HEADER.requestId];
  if (!requestId) fail(`${what}: an x-request-id header on the refusal`, describeResponse(response));
  if (error.requestId !== requestId) {
    fail(
      `${what}: the envelope's requestId equal to the x-request-id header (${requestId})`,
      describeResponse(response),
    );
  }
  return error;
}

/** The API path of `install`'s extension: `{basePath}/{extensionId}{path}`. */
export function apiPath(target: ConformanceTarget, install: ConformanceInstall, path: string): string {
  return `${target.basePath ?? '/api/ext'}/${install.extensionId}${path}`;
}

/** Runs `act` and fails if the host called the runner meanwhile. */
export async function withoutRunnerCall<T extends ConformanceResponse>(
  target: ConformanceTarget,
  what: string,
  act: () => Promise<T>,
): Promise<T> {
  const before = target.runnerCalls().length;
  const response = await act();
  const calls = target.runnerCalls().slice(before);
  if (calls.length > 0) {
    fail(
      `${what}: nothing to reach the runner`,
      `${calls.length} call(s) to /v1/execute (${calls.map((call) => call.execute?.http.path).join(', ')}); answer ${describeResponse(response)}`,
    );
  }
  return response;
}

/** Runs `act` and answers the one runner call it caused (the one with the answer's request id, if any). */
export async function withRunnerCall<T extends ConformanceResponse>(
  target: ConformanceTarget,
  what: string,
  act: () => Promise<T>,
): Promise<{ response: T; call: RecordedRunnerCall }> {
  const before = target.runnerCalls().length;
  const response = await act();
  const calls = target.runnerCalls().slice(before);
  const requestId = response.headers[HEADER.requestId];
  const call = calls.find((c) => c.requestId === requestId) ?? (calls.length === 1 ? calls[0] : undefined);
  if (!call) fail(`${what}: one call to the runner`, `${calls.length} call(s); answer ${describeResponse(response)}`);
  return { response, call };
}
