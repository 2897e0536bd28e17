// The host UI lent to extensions (toasts, confirmations): a store the host components render.
import { useSyncExternalStore } from 'react';
import type { ConfirmRequest, ConfirmResult, ToastRequest } from '@extsys/protocol/host-methods';

export interface Toast extends ToastRequest {
  id: number;
  /** Who asked (an extension id), shown with the message. */
  source: string;
}

export interface PendingConfirm extends ConfirmRequest {
  id: number;
  source: string;
  answer(result: ConfirmResult): void;
}

interface HostUiState {
  toasts: readonly Toast[];
  /** First in line is on screen; the rest wait their turn. */
  confirms: readonly PendingConfirm[];
}

const DEFAULT_TOAST_MS = 6000;
let state: HostUiState = { toasts: [], confirms: [] };
let nextId = 1;
const listeners = new Set<() => void>();

function update(next: HostUiState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function useHostUi(): HostUiState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

export function showToast(request: ToastRequest, source: string): void {
  const toast: Toast = { ...request, id: nextId++, source };
  update({ ...state, toasts: [...state.toasts, toast].slice(-5) });
  setTimeout(() => dismissToast(toast.id), request.durationMs ?? DEFAULT_TOAST_MS);
}

export function dismissToast(id: number): void {
  if (state.toasts.some((t) => t.id === id)) update({ ...state, toasts: state.toasts.filter((t) => t.id !== id) });
}

/** Queues a confirmation; resolves with the user's answer (Escape or Cancel → not confirmed). */
export function askConfirm(request: ConfirmRequest, source: string): Promise<ConfirmResult> {
  return new Promise((resolve) => {
    const id = nextId++;
    const answer = (result: ConfirmResult) => {
      update({ ...state, confirms: state.confirms.filter((c) => c.id !== id) });
      resolve(result);
    };
    update({ ...state, confirms: [...state.confirms, { ...request, id, source, answer }] });
  });
}
