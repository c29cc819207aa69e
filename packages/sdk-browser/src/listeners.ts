import type { ChangeCause, Logger, ServedValue, Unsubscribe } from './types';
import type { ValueStore } from './value-store';

type Listener = (...args: never[]) => void;

/**
 * The client's listeners by event: `*` (any change), `flag:<key>` (one flag), `status`.
 * A listener that throws is logged and does not stop the others, nor the SDK.
 */
export class Listeners {
  readonly #byEvent = new Map<string, Set<Listener>>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  add(event: string, listener: Listener): Unsubscribe {
    let set = this.#byEvent.get(event);
    if (!set) this.#byEvent.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#byEvent.get(event) ?? [])]) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (err) {
        this.#logger.error(`[switchyard] a ${event} listener threw`, err);
      }
    }
  }

  /** The current values of the flags someone listens to, to hand them `previous` after a change. */
  watched(store: ValueStore): Map<string, ServedValue | undefined> {
    const out = new Map<string, ServedValue | undefined>();
    for (const [event, set] of this.#byEvent) if (set.size > 0 && event.startsWith('flag:')) out.set(event.slice(5), store.get(event.slice(5)));
    return out;
  }

  /** Tells the listeners about changed flags. */
  changed(keys: string[], cause: ChangeCause, before: Map<string, ServedValue | undefined>, store: ValueStore): void {
    if (keys.length === 0) return;
    this.emit('*', keys, cause);
    for (const key of keys) if (before.has(key)) this.emit(`flag:${key}`, store.get(key), before.get(key));
  }
}
