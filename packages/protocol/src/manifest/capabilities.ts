import * as z from 'zod/mini';

/**
 * The closed list of runner capabilities a handler can be granted. A manifest asks for them; an
 * install grants a subset; the runner intersects the two on every call.
 */
export const CAPABILITIES = ['log', 'storage.kv', 'secrets.read', 'http.fetch', 'user.read'] as const;
export const Capability = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof Capability>;

/** Host UI services an extension page can ask for (served over the bridge only if granted). */
export const HOST_FEATURES = ['toast', 'confirm', 'navigate', 'openLink', 'setTitle'] as const;
export const HostFeature = z.enum(HOST_FEATURES);
export type HostFeature = z.infer<typeof HostFeature>;

/** Sandbox permissions beyond `allow-scripts` a page may ask for; the host policy decides. */
export const SANDBOX_FEATURES = ['forms', 'popups', 'downloads', 'modals'] as const;
export const SandboxFeature = z.enum(SANDBOX_FEATURES);
export type SandboxFeature = z.infer<typeof SandboxFeature>;

/** An array schema whose items must be distinct (grant lists, feature lists). */
export function uniqueList<T extends z.ZodMiniType<string>>(item: T, max: number) {
  return z.array(item).check(
    z.maxLength(max),
    z.refine((items) => new Set(items).size === items.length, 'must not list the same value twice'),
  );
}
