import type { CloseCodeInfo, ValuesMessage } from '@switchyard/core';
import { Listeners } from './listeners';
import { globalStorage, globalWebSocket, type WebSocketConstructor } from './platform';
import { checkServedValues } from './server-frame';
import { Stream, type StreamHost } from './stream';
import type {
  BrowserClient,
  BrowserClientOptions,
  ChangeCause,
  ClientState,
  ClientStatus,
  EvaluationContext,
  FlagDetail,
  JsonValue,
  Logger,
  ServedValue,
  Unsubscribe,
  ValueType,
} from './types';
import { ValueCache } from './value-cache';
import { ValueStore } from './value-store';

interface Waiter {
  /** The identify generation that settles it; -1 for waitForReady. */
  generation: number;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Creates the browser SDK client and starts connecting. Throws only on misconfiguration (a missing
 * key, URL or context, or no WebSocket on this platform); everything after that is reported
 * through {@link BrowserClient.status}, never thrown.
 */
export function createBrowserClient(options: BrowserClientOptions): BrowserClient {
  if (typeof options?.clientKey !== 'string' || options.clientKey === '') throw new TypeError('switchyard: clientKey is required');
  if (!/^(http|ws)s?:\/\/./i.test(options.baseUrl ?? '')) throw new TypeError('switchyard: baseUrl must be an http(s) or ws(s) URL');
  if (typeof options.context !== 'object' || options.context === null) throw new TypeError('switchyard: context must be an object');
  const webSocket = options.webSocket ?? globalWebSocket();
  if (!webSocket) throw new TypeError('switchyard: no WebSocket on this platform: pass options.webSocket');
  return new Client(options, webSocket);
}

class Client implements BrowserClient, StreamHost {
  currentContext: EvaluationContext;
  generation = 0;
  // `#` fields: esbuild shortens their names, which TypeScript's `private` ones keep (bundle size).
  #appliedGeneration = -1;
  #state: ClientState = 'initializing';
  #lastReadyAt: number | undefined;
  #lastClose: ClientStatus['lastClose'];
  readonly #store = new ValueStore();
  readonly #cache: ValueCache;
  readonly #stream: Stream;
  readonly #logger: Logger;
  readonly #listeners: Listeners;
  #waiters: Waiter[] = [];

  constructor(options: BrowserClientOptions, webSocket: WebSocketConstructor) {
    this.#logger = options.logger ?? console;
    this.#listeners = new Listeners(this.#logger);
    this.currentContext = { ...options.context };
    this.#cache = new ValueCache(options.storage === null ? undefined : (options.storage ?? globalStorage()), options.clientKey);
    const problem = options.bootstrap && checkServedValues(options.bootstrap, 'bootstrap');
    if (problem) this.#logger.warn(`[switchyard] ignoring the bootstrap: ${problem}`);
    if (options.bootstrap && !problem) this.#store.replace(options.bootstrap, 'bootstrap');
    else this.#fromCache();
    this.#stream = new Stream(this, {
      clientKey: options.clientKey,
      baseUrl: options.baseUrl,
      webSocket,
      backoff: options.backoff ?? {},
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      random: options.random ?? Math.random,
      logger: this.#logger,
    });
    this.#stream.start();
  }

  // StreamHost: what the stream reads and reports.

  get lastVersion(): number | undefined {
    return this.#store.version;
  }

  values(m: ValuesMessage, generation: number): void {
    const before = this.#listeners.watched(this.#store);
    let cause: ChangeCause = 'update';
    let changed: string[];
    // The first load, as in the Node SDK: no change event when nothing was served before it (no
    // bootstrap, no cached values); against bootstrap or cached values, an `update` of what differs.
    let silent = false;
    if (m.full) {
      const first = this.#appliedGeneration === -1;
      if (first) silent = this.#store.source === 'none';
      else if (generation > this.#appliedGeneration) cause = 'identify';
      this.#appliedGeneration = generation;
      changed = this.#store.replace(m.values, 'server', m.version);
    } else changed = this.#store.patch(m.values, m.removed ?? [], m.version);
    this.#cache.write(this.currentContext, { values: this.#store.entries(), version: m.version });
    this.#stream.ack(m.version);
    if (m.full) {
      this.#lastReadyAt = Date.now();
      this.#setState('ready');
      this.#settle((w) => w.generation <= this.#appliedGeneration);
    }
    if (!silent) this.#listeners.changed(changed, cause, before, this.#store);
  }

  down(close: CloseCodeInfo, final: boolean): void {
    this.#lastClose = { code: close.code, reason: close.reason, message: close.message };
    if (final) {
      this.#logger.error(`[switchyard] stream refused for good: ${close.code} ${close.reason}: ${close.message} Serving the last known values.`);
      this.#setState('failed');
    } else if (this.#state === 'ready') this.#setState('stale');
  }

  // BrowserClient

  waitForReady(timeoutMs = 5_000): Promise<void> {
    return this.#state === 'ready' ? Promise.resolve() : this.#wait(-1, timeoutMs, 'ready');
  }

  boolVariation(flagKey: string, defaultValue: boolean): boolean {
    return this.#detail(flagKey, 'boolean', defaultValue).value;
  }
  boolVariationDetail(flagKey: string, defaultValue: boolean): FlagDetail<boolean> {
    return this.#detail(flagKey, 'boolean', defaultValue);
  }
  stringVariation(flagKey: string, defaultValue: string): string {
    return this.#detail(flagKey, 'string', defaultValue).value;
  }
  stringVariationDetail(flagKey: string, defaultValue: string): FlagDetail<string> {
    return this.#detail(flagKey, 'string', defaultValue);
  }
  numberVariation(flagKey: string, defaultValue: number): number {
    return this.#detail(flagKey, 'number', defaultValue).value;
  }
  numberVariationDetail(flagKey: string, defaultValue: number): FlagDetail<number> {
    return this.#detail(flagKey, 'number', defaultValue);
  }
  jsonVariation<T extends JsonValue>(flagKey: string, defaultValue: T): T {
    return this.#detail(flagKey, 'json', defaultValue).value;
  }
  jsonVariationDetail<T extends JsonValue>(flagKey: string, defaultValue: T): FlagDetail<T> {
    return this.#detail(flagKey, 'json', defaultValue);
  }

  allFlags(): Record<string, JsonValue> {
    return this.#store.all();
  }

  identify(context: EvaluationContext, timeoutMs?: number): Promise<void> {
    if (typeof context !== 'object' || context === null) return Promise.reject(new TypeError('switchyard: context must be an object'));
    const generation = ++this.generation;
    this.currentContext = { ...context };
    const before = this.#listeners.watched(this.#store);
    const changed = this.#fromCache();
    if (changed) this.#listeners.changed(changed, 'identify', before, this.#store);
    this.#stream.syncContext();
    return this.#wait(generation, timeoutMs, 'identify');
  }

  context(): EvaluationContext {
    return { ...this.currentContext };
  }

  onChange(listener: (flagKeys: string[], cause: ChangeCause) => void): Unsubscribe {
    return this.#listeners.add('*', listener);
  }

  onFlagChange(flagKey: string, listener: (detail: ServedValue | undefined, previous: ServedValue | undefined) => void): Unsubscribe {
    return this.#listeners.add(`flag:${flagKey}`, listener);
  }

  onStatusChange(listener: (status: ClientStatus) => void): Unsubscribe {
    return this.#listeners.add('status', listener);
  }

  status(): ClientStatus {
    return {
      state: this.#state,
      stale: this.#state !== 'ready',
      source: this.#store.source,
      ...(this.#store.version !== undefined ? { version: this.#store.version } : {}),
      ...(this.#lastReadyAt !== undefined ? { lastReadyAt: this.#lastReadyAt } : {}),
      ...(this.#lastClose ? { lastClose: { ...this.#lastClose } } : {}),
    };
  }

  close(): void {
    if (this.#state === 'closed') return;
    this.#stream.stop();
    this.#setState('closed');
  }

  // Internals

  #detail<T>(flagKey: string, type: ValueType, defaultValue: T): FlagDetail<T> {
    try {
      return this.#store.detail(flagKey, type, defaultValue);
    } catch {
      return { value: defaultValue, reason: 'ERROR', errorCode: 'GENERAL' };
    }
  }

  /** Serves the values cached for the current context, if any; returns the keys that changed. */
  #fromCache(): string[] | undefined {
    const cached = this.#cache.read(this.currentContext);
    return cached && this.#store.replace(cached.values, 'storage', cached.version);
  }

  #setState(state: ClientState): void {
    if (this.#state === state || this.#state === 'closed') return;
    this.#state = state;
    const close = this.#lastClose;
    if (state === 'failed' || state === 'closed')
      this.#settle(() => true, new Error(`switchyard: the client ${state === 'failed' && close ? `failed: ${close.reason} (${close.code}): ${close.message}` : 'was closed'}`));
    this.#listeners.emit('status', this.status());
  }

  #wait(generation: number, timeoutMs: number | undefined, what: string): Promise<void> {
    if (this.#state === 'failed' || this.#state === 'closed') return Promise.reject(new Error(`switchyard: the client is ${this.#state}`));
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        generation,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      if (timeoutMs !== undefined)
        timer = setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          reject(new Error(`switchyard: not ${what} within ${timeoutMs} ms`));
        }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Settles the waiters that `match`: resolves them, or rejects them with `error`. */
  #settle(match: (w: Waiter) => boolean, error?: Error): void {
    const done = this.#waiters.filter(match);
    this.#waiters = this.#waiters.filter((w) => !match(w));
    for (const w of done) error ? w.reject(error) : w.resolve();
  }
}
