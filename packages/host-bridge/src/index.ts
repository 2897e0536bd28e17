export {
  buildExtUiSrc,
  createMountNonce,
  normaliseRunnerBase,
  type ExtUiSrc,
  type ExtUiSrcOptions,
} from './ext-ui-src.js';
export {
  SANDBOX_TOKENS,
  parseSandboxAttribute,
  sandboxFor,
  type HostSandboxPolicy,
  type IframeAttributes,
  type SandboxToken,
} from './sandbox.js';
export {
  bootstrapIframe,
  type BootstrapOptions,
  type BridgeEvents,
  type BridgeHandle,
  type BridgeLimits,
  type ConnectedInfo,
} from './bootstrap.js';
export { HostBridgeError } from './errors.js';
export {
  createDialogPresenter,
  type ModalPresentation,
  type ModalPresenter,
  type PresentedModal,
} from './modal-presenter.js';
export type { ConfirmLeave, LeaveInfo } from './leave-guard.js';
export {
  REJECT_REASONS,
  estimateSize,
  type MessageRejectedEvent,
  type RejectReason,
  type RejectionStats,
} from './message-guard.js';
export { DEFAULT_RESIZE_LIMITS, type ResizeApplied, type ResizeLimits } from './resize.js';
export { checkLink, type HostServices, type LinkAllowlist } from './host-services.js';
export { MIN_FORCED_REFRESH_INTERVAL_MS, REFRESH_AT, type GetToken } from './token-refresh.js';
export type { Logger } from './logger.js';
export { createMemoryViewStateStore, type ViewStateKey, type ViewStateStore } from './session/view-state.js';
export type { UnmountReason } from './session/lifecycle.js';
export type { SurfaceEffects } from './session/surface-methods.js';
