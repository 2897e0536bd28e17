import type { Logger } from './logger.js';

type Listener<T> = (payload: T) => void;

/** A tiny typed event emitter. A listener that throws is logged, never rethrown into the bridge. */
export interface Emitter<Events extends Record<string, unknown>> {
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void;
  emit<K extends keyof Events>(type: K, payload: Events[K]): void;
  clear(): void;
}

export function createEmitter<Events extends Record<string, unknown>>(logger: Logger): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    emit(type, payload) {
      for (const listener of [...(listeners.get(type) ?? [])]) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          logger.error(`[extsys host-bridge] a "${String(type)}" listener threw`, error);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
