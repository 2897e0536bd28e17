// Applies the colour scheme from the URL fragment as soon as this module is evaluated.
import './color-scheme.js';

export {
  connect,
  type ConnectOptions,
  type Ext,
  type ExtContext,
  type ExtEvents,
  type ExtState,
  type Transport,
} from './connect.js';
export { ExtError, isExtError } from './errors.js';
export type { Listener, Unsubscribe } from './events.js';
export { readMountFragment } from './fragment.js';
export { applyColorScheme, applyThemeToRoot, colorSchemeOf, type ThemeApi } from './theme.js';
export type { AuthApi, GetTokenOptions, TokenInfo } from './token.js';
export type { ApiClient, ApiInit, ApiJsonInit } from './api.js';
export type { CallOptions } from './bridge.js';
export type { NavigationApi } from './navigation.js';
export {
  CONFIRM_TIMEOUT_MS,
  type ConfirmOptions,
  type HostServices,
  type OpenModalOptions,
  type ToastOptions,
} from './host-services.js';
export type { UnmountReason, ViewApi, ViewStateApi, ViewStateOptions } from './view.js';
export { SDK_PROTOCOL_RANGE, SDK_VERSION } from './version.js';
export type {
  ContextChange,
  EntryContext,
  EntryContextOf,
  HostContext,
  HostSubject,
  JsonValue,
  ViewState,
  HostFeature,
  Theme,
  ThemeMode,
  ThemeTokens,
  ErrorCode,
} from '@extsys/protocol/bridge';
