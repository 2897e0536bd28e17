import * as z from 'zod/mini';
import { safeRecord } from './schema-builders.js';

/** A key of an install's configuration or secrets: `apiKey`, `weather.url`. */
export const SettingKey = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[A-Za-z0-9_.-]+$/, 'must be a config key (letters, digits, "_", ".", "-")'),
  );

/** An install's non-secret configuration, as the admin sets it and the handler reads it. */
export const InstallConfig = safeRecord(
  SettingKey,
  z.union([z.string().check(z.maxLength(4096)), z.number(), z.boolean()]),
  64,
);
export type InstallConfig = z.infer<typeof InstallConfig>;

/** An install's secrets (for `secrets.read`): never listed, logged or echoed. */
export const InstallSecrets = safeRecord(SettingKey, z.string().check(z.maxLength(8192)), 64);
export type InstallSecrets = z.infer<typeof InstallSecrets>;
