import { LATENCY_BUCKET_COUNT, latencyBucket, type MigrationMeasurement, type MigrationStage, type Origin, type OriginMeasurement } from '@switchyard/core';
import type { Logger } from '../platform/logger';

/** At most this many measurements per request (the server's limit). */
const MAX_BATCH = 200;

interface Window {
  stage: MigrationStage;
  startedAt: number;
  old: OriginMeasurement;
  new: OriginMeasurement;
  compared: number;
  consistent: number;
}

const emptyOrigin = (): OriginMeasurement => ({ invocations: 0, errors: 0, latency: new Array<number>(LATENCY_BUCKET_COUNT).fill(0) });

/** Counts what one migration helper did, per stage, until drained. */
export class MigrationRecorder {
  private readonly windows = new Map<MigrationStage, Window>();

  constructor(
    private readonly flag: string,
    private readonly now: () => number = Date.now,
  ) {}

  private window(stage: MigrationStage): Window {
    let w = this.windows.get(stage);
    if (w === undefined) {
      w = { stage, startedAt: this.now(), old: emptyOrigin(), new: emptyOrigin(), compared: 0, consistent: 0 };
      this.windows.set(stage, w);
    }
    return w;
  }

  invocation(stage: MigrationStage, origin: Origin, latencyMs: number, failed: boolean): void {
    const o = this.window(stage)[origin];
    o.invocations++;
    if (failed) o.errors++;
    const ms = Number.isFinite(latencyMs) && latencyMs >= 0 ? latencyMs : 0;
    o.latency[latencyBucket(ms)]!++;
  }

  comparison(stage: MigrationStage, consistent: boolean): void {
    const w = this.window(stage);
    w.compared++;
    if (consistent) w.consistent++;
  }

  /** What was counted since the last drain (without taking it). */
  peek(): MigrationMeasurement[] {
    const endedAt = this.now();
    return [...this.windows.values()].map((w) => ({
      flag: this.flag,
      stage: w.stage,
      startedAt: Math.floor(w.startedAt),
      endedAt: Math.max(Math.floor(w.startedAt), Math.floor(endedAt)),
      old: { ...w.old, latency: [...w.old.latency] },
      new: { ...w.new, latency: [...w.new.latency] },
      compared: w.compared,
      consistent: w.consistent,
    }));
  }

  /** Takes what was counted since the last drain. */
  drain(): MigrationMeasurement[] {
    const out = this.peek();
    this.windows.clear();
    return out;
  }
}

/** Sends measurement batches; resolves false (never rejects) when they could not be delivered. */
export type MeasurementSender = (measurements: MigrationMeasurement[]) => Promise<boolean>;

/** POSTs to `/sdk/v1/migration-measurements` with a server SDK key. */
export function httpMeasurementSender(target: { baseUrl: string; sdkKey: string; timeoutMs: number; logger: Logger }): MeasurementSender {
  const url = `${target.baseUrl.replace(/\/+$/, '')}/sdk/v1/migration-measurements`;
  return async (measurements) => {
    let ok = true;
    for (let i = 0; i < measurements.length; i += MAX_BATCH) {
      const batch = measurements.slice(i, i + MAX_BATCH);
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${target.sdkKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ measurements: batch }),
          signal: AbortSignal.timeout(target.timeoutMs),
        });
        if (!res.ok) {
          ok = false;
          target.logger.warn(`migration measurements were refused (HTTP ${res.status}): ${(await res.text()).slice(0, 300)}`);
        }
      } catch (err) {
        ok = false;
        target.logger.warn(`migration measurements could not be sent: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return ok;
  };
}

/**
 * Drains a recorder every `intervalMs` into `send` (unref'd timer), and on `flush()`. With no
 * sender (offline, test data) nothing is sent and the counts stay readable with `peek()`.
 */
export class MigrationReporter {
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    readonly recorder: MigrationRecorder,
    private readonly send: MeasurementSender | undefined,
    intervalMs: number,
  ) {
    if (send !== undefined) {
      this.timer = setInterval(() => void this.flush(), intervalMs);
      this.timer.unref();
    }
  }

  /** Sends what was counted so far; resolves when delivered (or given up). Never rejects. */
  flush(): Promise<void> {
    const send = this.send;
    if (send === undefined) return Promise.resolve();
    const run = this.inFlight.then(async () => {
      const measurements = this.recorder.drain().filter((m) => m.old.invocations + m.new.invocations + m.compared > 0);
      if (measurements.length > 0) await send(measurements);
    });
    this.inFlight = run.catch(() => undefined);
    return this.inFlight.then(() => undefined);
  }

  /** Final flush and stop the timer. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
