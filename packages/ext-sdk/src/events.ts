/** A tiny typed event emitter: listeners never break the emitter (a throwing one is reported). */
export type Listener<T> = (value: T) => void;
export type Unsubscribe = () => void;

export interface Emitter<E extends Record<string, unknown>> {
  on<K extends keyof E>(type: K, listener: Listener<E[K]>): Unsubscribe;
  emit<K extends keyof E>(type: K, value: E[K]): void;
  clear(): void;
}

export function createEmitter<E extends Record<string, unknown>>(
  onListenerError: (error: unknown) => void = (error) => console.error(error),
): Emitter<E> {
  const listeners = new Map<keyof E, Set<Listener<never>>>();
  return {
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit(type, value) {
      for (const listener of [...(listeners.get(type) ?? [])]) {
        try {
          (listener as Listener<typeof value>)(value);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
