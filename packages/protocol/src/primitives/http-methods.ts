// Zod-free, so the contract entry (shipped in extension UIs and handler modules) can name the
// methods without building a schema at load.

/** Methods an extension endpoint may declare and a client may call. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethodName = (typeof HTTP_METHODS)[number];
