import type { JsonValue } from '@extsys/protocol/bridge';
import {
  ModalOutcome,
  type CloseViewRequest,
  type OpenModalRequest,
  type SetDirtyRequest,
  type SetViewStateRequest,
  type ViewStateQuery,
} from '@extsys/protocol/host-methods';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';
import type { EntryState } from './entry-state.js';
import type { Lifecycle } from './lifecycle.js';
import { readViewState, writeViewState, type ViewStateAccess } from './view-state.js';

/** What the transport does for the 1.2 methods (part of `HostEffects`). */
export interface SurfaceEffects {
  /**
   * Presents entry point `request.entryPoint` as a modal: a new mount of the same bundle whose
   * entry context is `{target: 'modal', id, input: request.context, depth: modal.depth}`; resolves
   * with how it ended (validated: anything but a `ModalOutcome` is answered `internal`). Throw a
   * HostBridgeError to refuse (`not_found` for an unknown entry point, say). Absent: this host
   * cannot present modals, and `openModal` is answered `feature_not_granted`.
   */
  openModal?(request: OpenModalRequest, modal: { depth: number }): unknown;
  /**
   * A page mounted as a modal closed itself (`closeView`): the transport closes the dialog and
   * answers the opener's `openModal` with `{dismissed: false, value: result}`.
   */
  closeView?(result: JsonValue | undefined, dismiss: boolean): void | Promise<void>;
}

export interface SurfaceMethods {
  openModal(request: OpenModalRequest): Promise<ModalOutcome>;
  closeView(request: CloseViewRequest): Promise<null>;
  getViewState(query: ViewStateQuery): Promise<unknown>;
  setViewState(request: SetViewStateRequest): Promise<null>;
  setDirty(request: SetDirtyRequest): null;
}

/** The handlers of the 1.2 methods (the method table checked the hello, the schema and the grant). */
export function createSurfaceMethods(options: {
  entry: EntryState;
  lifecycle: Lifecycle;
  viewState: ViewStateAccess;
  effects: SurfaceEffects;
  /** How deep modals may nest (1: a modal cannot open another). */
  maxModalDepth: number;
}): SurfaceMethods {
  const { entry, effects } = options;
  return {
    async openModal(request) {
      const current = entry.entry;
      const depth = (current.target === 'modal' ? current.depth : 0) + 1;
      if (depth > options.maxModalDepth) {
        throw new HostBridgeError(
          'forbidden',
          `openModal: this host lets modals nest ${options.maxModalDepth} deep (its maxModalDepth option), and this page is already a modal at depth ${depth - 1}`,
        );
      }
      if (!effects.openModal) {
        throw new HostBridgeError('feature_not_granted', 'openModal: this host cannot present modals');
      }
      const outcome = parseOrError(ModalOutcome, await effects.openModal(request, { depth }));
      if (!outcome.ok) throw new HostBridgeError('internal', `openModal: the host's presenter gave no valid outcome`);
      return outcome.value;
    },
    async closeView(request) {
      const current = entry.entry;
      if (current.target !== 'modal') {
        throw new HostBridgeError(
          'bad_request',
          `closeView: only a page opened as a modal can close itself; this one is the ${current.target} "${current.id}"`,
        );
      }
      await effects.closeView?.(request.result, request.dismiss === true);
      return null;
    },
    getViewState: (query) => readViewState(options.viewState, query),
    setViewState: (request) => writeViewState(options.viewState, request),
    setDirty(request) {
      options.lifecycle.setDirty(request.dirty);
      return null;
    },
  };
}
