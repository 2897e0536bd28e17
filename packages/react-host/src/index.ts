export { ExtensionFrame, type ExtensionFrameHandle, type ExtensionFrameProps } from './extension-frame.js';
export {
  useExtensionFrame,
  type ExtensionFrameOptions,
  type ExtensionFrameState,
  type FrameIframeProps,
  type FrameStatus,
} from './use-extension-frame.js';
