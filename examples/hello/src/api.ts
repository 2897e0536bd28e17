// The handler's endpoints (manifest.json `api.endpoints`) and the JSON they answer.
import type { Ext } from '@extsys/ext-sdk';

export interface CountAnswer {
  count: number;
}
export interface EchoAnswer {
  received: unknown;
  user: { id: string; displayName: string | null } | null;
  tenantId: string;
}
export interface QuoteAnswer {
  text: string;
  author: string;
  source: string;
}

export const getCounter = '/counter';
export const incrementCounter = (ext: Ext) => ext.api.json<CountAnswer>('/counter/increment', { method: 'POST' });
export const echo = (ext: Ext, body: unknown) => ext.api.json<EchoAnswer>('/echo', { json: body });
export const getQuote = (ext: Ext) => ext.api.json<QuoteAnswer>('/quote');
