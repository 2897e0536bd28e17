import * as z from 'zod/mini';

/**
 * The closed list of runner capabilities a handler can be granted. A manifest asks for them; an
 * install grants a subset; the runner intersects the two on every call.
 */
export const CAPABILITIES = ['log', 'storage.kv', 'secrets.read', 'http.fetch', 'user.read'] as const;
export const Capability = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof Capability>;

/** Sandbox permissions beyond `allow-scripts` a page may ask for; the host policy decides. */
export const SANDBOX_FEATURES = ['forms', 'popups', 'downloads', 'modals'] as const;
export const SandboxFeature = z.enum(SANDBOX_FEATURES);
export type SandboxFeature = z.infer<typeof SandboxFeature>;
