import type { ServerResponse } from 'node:http';
import type { ExtAnswer } from '../gateway/exchange.js';

/** Writes the gateway's answer on a node:http response. */
export function writeAnswer(res: ServerResponse, answer: ExtAnswer, method: string): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  if (answer.closeConnection) res.setHeader('connection', 'close');
  const noBody = answer.status === 204 || answer.status === 304 || method === 'HEAD';
  res.end(noBody ? undefined : answer.body);
}
