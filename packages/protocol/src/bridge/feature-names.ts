// The feature names without zod (the ext SDK announces them without the schemas).

/**
 * What an SDK build can do, announced in its hello so a host never sends something the SDK cannot
 * handle (and so a newer host can serve an older SDK). Host UI services are the manifest's
 * `HostFeature`s; these are the bridge's own mechanisms.
 */
export const SDK_FEATURES = [
  'theme',
  'token',
  'resize',
  'navigate',
  'toast',
  'confirm',
  'openLink',
  'setTitle',
  'apiBridge',
  'context',
  'entry',
  'lifecycle',
] as const;
/** Host UI services an extension page can ask for (served over the bridge only if granted). */
export const HOST_FEATURES = ['toast', 'confirm', 'navigate', 'openLink', 'setTitle', 'modal'] as const;
