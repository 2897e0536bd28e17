// `POST /echo`: answers the JSON body it received, plus who sent it (capability `user.read`).
import { HandlerError, user } from '@extsys/handler-js';
import type { Endpoints } from './endpoints.js';

/** → `{received: <the body>, user: {id, displayName} | null, tenantId}` */
export const echo: Endpoints['echo'] = async ({ body, req }) => {
  // The SDK has already parsed the body as JSON (a 400 if it is not); the media type is this
  // endpoint's own rule.
  if (!req.header('content-type')?.startsWith('application/json')) {
    throw new HandlerError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  const me = await user.get();
  return {
    received: body,
    user: me === null ? null : { id: me.id, displayName: me.displayName ?? null },
    tenantId: req.context.tenantId,
  };
};
