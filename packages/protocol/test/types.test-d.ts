// Type-level tests: the inferred types are what a user would write by hand.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ApiRequest,
  ErrorCode,
  ErrorEnvelope,
  ExecuteRequest,
  HostContext,
  HostFeature,
  Manifest,
  ManifestInput,
  MethodArgs,
  MethodParams,
  MethodResult,
  Theme,
  ThemeTokens,
  ToastRequest,
  TokenGrant,
  HOST_METHODS,
  EXTENSION_METHODS,
  Capability,
} from '../src/index.js';

describe('inferred types', () => {
  it('error envelope', () => {
    expectTypeOf<ErrorEnvelope>().toEqualTypeOf<{
      code: ErrorCode;
      message: string;
      requestId?: string | undefined;
      retriable: boolean;
      status?: number | undefined;
      details?: Record<string, string | number | boolean | null | (string | number)[]> | undefined;
    }>();
    expectTypeOf<'timeout'>().toExtend<ErrorCode>();
    expectTypeOf<'kaboom'>().not.toExtend<ErrorCode>();
  });

  it('theme tokens are a closed record of strings', () => {
    expectTypeOf<ThemeTokens['color-bg']>().toEqualTypeOf<string>();
    expectTypeOf<Theme>().toEqualTypeOf<{ mode: 'light' | 'dark' | 'high-contrast'; tokens: ThemeTokens }>();
    // @ts-expect-error: not a token
    expectTypeOf<ThemeTokens['color-brand']>();
  });

  it('manifest: defaults are optional to write and present once parsed', () => {
    expectTypeOf<Manifest['capabilities']>().toEqualTypeOf<Capability[]>();
    expectTypeOf<ManifestInput['capabilities']>().toEqualTypeOf<Capability[] | undefined>();
    expectTypeOf<NonNullable<Manifest['ui']>['hostFeatures']>().toEqualTypeOf<HostFeature[]>();
    expectTypeOf<Manifest['runtime']>().toEqualTypeOf<'wasm@1' | 'js@1'>();
    expectTypeOf<NonNullable<Manifest['api']>['endpoints'][number]>().toEqualTypeOf<{
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      path: string;
      handler: string;
      timeoutMs?: number | undefined;
    }>();
  });

  it('bridge payloads', () => {
    expectTypeOf<TokenGrant>().toEqualTypeOf<{ token: string; ttlMs: number }>();
    expectTypeOf<HostContext['gateway']>().toEqualTypeOf<{ baseUrl: string; transport: 'direct' | 'bridge' }>();
    expectTypeOf<ApiRequest['body']>().toEqualTypeOf<Uint8Array | undefined>();
    expectTypeOf<ToastRequest['tone']>().toEqualTypeOf<'info' | 'success' | 'warning' | 'danger'>();
    expectTypeOf<MethodParams<typeof HOST_METHODS, 'toast'>['tone']>().toEqualTypeOf<
      'info' | 'success' | 'warning' | 'danger' | undefined
    >();
    expectTypeOf<MethodArgs<typeof HOST_METHODS, 'toast'>>().toEqualTypeOf<ToastRequest>();
    expectTypeOf<MethodResult<typeof HOST_METHODS, 'confirm'>>().toEqualTypeOf<{ confirmed: boolean }>();
    expectTypeOf<MethodResult<typeof HOST_METHODS, 'hello'>>().toEqualTypeOf<HostContext>();
    expectTypeOf<MethodArgs<typeof EXTENSION_METHODS, 'themeChanged'>>().toEqualTypeOf<Theme>();
  });

  it('execute request', () => {
    expectTypeOf<ExecuteRequest['http']['query']>().toEqualTypeOf<Record<string, string[]>>();
    expectTypeOf<ExecuteRequest['grants']>().toEqualTypeOf<Capability[]>();
    expectTypeOf<ExecuteRequest['config']>().toEqualTypeOf<Record<string, string | number | boolean>>();
  });
});
