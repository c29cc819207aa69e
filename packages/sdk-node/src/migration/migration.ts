import { isDeepStrictEqual } from 'node:util';
import { parseStageValue, planFor, type EvaluationContext, type JsonValue, type MigrationStage, type Origin } from '@switchyard/core';
import { MigrationRecorder, MigrationReporter, type MeasurementSender } from './measurements';

/** The outcome of a migration read or write: never thrown, always resolved. */
export type MigrationResult<T> = { ok: true; value: T; origin: Origin } | { ok: false; error: unknown; origin: Origin };

type MaybePromise<T> = T | Promise<T>;

/** Options of `client.migration(flagKey, options)`. */
export interface MigrationOptions<TRead, TWrite = unknown, TReadPayload = unknown, TWritePayload = unknown> {
  readOld(payload: TReadPayload, context: EvaluationContext | undefined): MaybePromise<TRead>;
  readNew(payload: TReadPayload, context: EvaluationContext | undefined): MaybePromise<TRead>;
  writeOld(payload: TWritePayload, context: EvaluationContext | undefined): MaybePromise<TWrite>;
  writeNew(payload: TWritePayload, context: EvaluationContext | undefined): MaybePromise<TWrite>;
  /** Whether the two reads agree (default: deep equality). A throwing check counts as inconsistent. */
  check?(oldValue: TRead, newValue: TRead): boolean;
  /** How both stores are read in shadow and live: one after the other (returned store first) or at once. Default `concurrent`. */
  execution?: 'serial' | 'concurrent';
  /** The stage used when the flag cannot be evaluated or does not serve a stage. Default `off`. */
  defaultStage?: MigrationStage;
  /** How often measurements are sent to the server (default 10,000 ms). */
  migrationReportIntervalMs?: number;
}

export interface Migration<TRead, TWrite = unknown, TReadPayload = unknown, TWritePayload = unknown> {
  /** Reads per the flag's current stage; the result carries the store whose value is returned. */
  read(context: EvaluationContext | undefined, payload: TReadPayload): Promise<MigrationResult<TRead>>;
  /** Writes per the flag's current stage, authoritative store first; its result is the operation's. */
  write(context: EvaluationContext | undefined, payload: TWritePayload): Promise<MigrationResult<TWrite>>;
  /** Sends the measurements counted so far (no-op offline / with test data). */
  flush(): Promise<void>;
}

/** What a migration helper needs from its client. */
export interface MigrationDeps {
  /** The flag's served JSON value for a context (`null` when it cannot be evaluated). */
  evaluate(context: EvaluationContext | undefined): JsonValue;
  /** Where measurements go; undefined when they are not sent (offline, test data). */
  send: MeasurementSender | undefined;
  /** Sampling randomness (default `Math.random`). */
  random?: () => number;
  /** Latency clock (default `performance.now`). */
  clock?: () => number;
  /** Called with the reporter so that the client can flush it on close. */
  register?(reporter: MigrationReporter): void;
}

const DEFAULT_REPORT_INTERVAL_MS = 10_000;

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The helper behind `client.migration()`: what it needs from the client (evaluate, send, random, clock) comes in `deps`. */
export function createMigration<TRead, TWrite, TReadPayload, TWritePayload>(
  flagKey: string,
  options: MigrationOptions<TRead, TWrite, TReadPayload, TWritePayload>,
  deps: MigrationDeps,
): Migration<TRead, TWrite, TReadPayload, TWritePayload> & { readonly recorder: MigrationRecorder } {
  const { readOld, readNew, writeOld, writeNew } = options;
  for (const [name, fn] of Object.entries({ readOld, readNew, writeOld, writeNew }))
    if (typeof fn !== 'function') throw new TypeError(`migration(${JSON.stringify(flagKey)}): ${name} must be a function`);
  const check = options.check ?? ((a: TRead, b: TRead) => isDeepStrictEqual(a, b));
  const serial = options.execution === 'serial';
  const defaultStage = options.defaultStage ?? 'off';
  const random = deps.random ?? Math.random;
  const clock = deps.clock ?? (() => performance.now());
  const interval = options.migrationReportIntervalMs;
  const intervalMs = typeof interval === 'number' && Number.isFinite(interval) && interval >= 10 ? interval : DEFAULT_REPORT_INTERVAL_MS;
  const recorder = new MigrationRecorder(flagKey);
  const reporter = new MigrationReporter(recorder, deps.send, intervalMs);
  deps.register?.(reporter);

  const stageFor = (context: EvaluationContext | undefined): { stage: MigrationStage; checkRatio: number } => {
    let value: JsonValue = null;
    try {
      value = deps.evaluate(context);
    } catch {
      value = null;
    }
    return parseStageValue(value) ?? { stage: defaultStage, checkRatio: 1 };
  };

  async function invoke<T>(stage: MigrationStage, origin: Origin, fn: () => MaybePromise<T>): Promise<Outcome<T>> {
    const t0 = clock();
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await fn() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    recorder.invocation(stage, origin, clock() - t0, !outcome.ok);
    return outcome;
  }

  const reader = (origin: Origin) => (origin === 'old' ? readOld : readNew);
  const writer = (origin: Origin) => (origin === 'old' ? writeOld : writeNew);

  return {
    recorder,
    flush: () => reporter.flush(),

    async read(context, payload) {
      const { stage, checkRatio } = stageFor(context);
      const plan = planFor(stage);
      const returned = plan.returned;
      const call = (origin: Origin) => invoke(stage, origin, () => reader(origin)(payload, context));
      if (plan.reads.length === 1) {
        const r = await call(returned);
        return r.ok ? { ok: true, value: r.value, origin: returned } : { ok: false, error: r.error, origin: returned };
      }
      const other: Origin = returned === 'old' ? 'new' : 'old';
      let mine: Outcome<TRead>;
      let theirs: Outcome<TRead>;
      if (serial) {
        mine = await call(returned);
        theirs = await call(other);
      } else {
        [mine, theirs] = await Promise.all([call(returned), call(other)]);
      }
      if (plan.compare && mine.ok && theirs.ok && (checkRatio >= 1 || (checkRatio > 0 && random() < checkRatio))) {
        const [o, n] = returned === 'old' ? [mine.value, theirs.value] : [theirs.value, mine.value];
        let consistent = false;
        try {
          consistent = check(o, n) === true;
        } catch {
          consistent = false;
        }
        recorder.comparison(stage, consistent);
      }
      return mine.ok ? { ok: true, value: mine.value, origin: returned } : { ok: false, error: mine.error, origin: returned };
    },

    async write(context, payload) {
      const { stage } = stageFor(context);
      const plan = planFor(stage);
      const [authoritative, ...rest] = plan.writes as [Origin, ...Origin[]];
      const first = await invoke(stage, authoritative, () => writer(authoritative)(payload, context));
      if (!first.ok) return { ok: false, error: first.error, origin: authoritative };
      for (const origin of rest) await invoke(stage, origin, () => writer(origin)(payload, context));
      return { ok: true, value: first.value, origin: authoritative };
    },
  };
}
