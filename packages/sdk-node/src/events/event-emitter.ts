import type { Logger } from '../platform/logger';

type Listener = (payload: never) => void;

/** A small synchronous emitter. A listener that throws is logged and never disturbs the others. */
export interface EventEmitter {
  on(name: string, listener: Listener): () => void;
  off(name: string, listener: Listener): void;
  /** Whether anyone listens to `name` (so that building a payload can be skipped). */
  has(name: string): boolean;
  emit(name: string, payload: unknown): void;
}

/** Creates an emitter that reports throwing listeners to `logger`. */
export function createEventEmitter(logger: Logger): EventEmitter {
  const listeners = new Map<string, Set<Listener>>();
  const off = (name: string, listener: Listener) => {
    const set = listeners.get(name);
    set?.delete(listener);
    if (set?.size === 0) listeners.delete(name);
  };
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (set === undefined) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => off(name, listener);
    },
    off,
    has(name) {
      return listeners.has(name);
    },
    emit(name, payload) {
      const set = listeners.get(name);
      if (set === undefined) return;
      for (const listener of [...set]) {
        try {
          (listener as (p: unknown) => void)(payload);
        } catch (error) {
          logger.error(`a "${name}" listener threw`, { error });
        }
      }
    },
  };
}
