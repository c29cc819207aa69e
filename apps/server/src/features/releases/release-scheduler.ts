import { randomBytes } from 'node:crypto';
import type { DeliveryFigures } from '@switchyard/core';
import type { ReleaseService } from './release-service';

export interface ReleaseSchedulerOptions {
  /** How often every running plan is looked at (default 5 s). */
  tickMs: number;
  /** How often tracked counts older than any gate window are deleted (default hourly). */
  pruneMs: number;
}

export const DEFAULT_RELEASE_SCHEDULER: ReleaseSchedulerOptions = { tickMs: 5_000, pruneMs: 3_600_000 };

/**
 * One scheduler drives every running plan. Each replica first reports its own connections' delivery of
 * a delivering stage (the deciding look adds up every replica's fresh report). Each look is its own transaction that re-reads the plan,
 * so after a restart, in any state, it simply continues from the stored state; with several replicas
 * the database decides: a plan looked at by another replica within half a tick is skipped, and as
 * every transition needs its own preconditions (and PostgreSQL serialises units of work), a decision is
 * taken once. `tickAll` is what tests call, with the services' clock; `start` runs it on a timer.
 */
/** The version a replica reports on a plan when it has no stage version of it counted: never a stage's. */
export const NOT_LANDED = -1;

export function createReleaseScheduler(deps: {
  releases: ReleaseService;
  /** This replica's own SDK connections that applied a version (its hub's "landed on N of N"). */
  delivery: (envKey: string, version: number) => DeliveryFigures | null;
  /** Names this replica's delivery reports (default: random per process). */
  replicaId?: string;
  options?: Partial<ReleaseSchedulerOptions>;
  /** Other usage data pruned on the same hourly beat (evaluation counts per day). */
  pruneUsage?: () => Promise<unknown>;
  onError?: (err: unknown) => void;
}) {
  const options = { ...DEFAULT_RELEASE_SCHEDULER, ...deps.options };
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy: Promise<void> | undefined;
  let prunedAt = 0;

  const replicaId = deps.replicaId ?? randomBytes(8).toString('hex');

  async function tickAll(): Promise<void> {
    for (const plan of await deps.releases.running()) {
      try {
        const { phase, stageVersion } = plan.state;
        // Every replica reports on every running plan at every tick, also when it has nothing landed
        // to count (version NOT_LANDED): the deciding replica then knows every replica that is up, and
        // one that has not yet seen a new stage's version holds its delivery back. Reporting only once
        // a replica had counted the version let the first replica to report decide alone.
        const counts = phase === 'delivering' && stageVersion !== null ? deps.delivery(plan.envKey, stageVersion) : null;
        if (counts && stageVersion !== null) await deps.releases.reportDelivery(plan.id, replicaId, stageVersion, counts);
        else await deps.releases.reportDelivery(plan.id, replicaId, NOT_LANDED, { applied: 0, total: 0 });
        await deps.releases.tick(plan.id, options.tickMs / 2, options.tickMs * 3);
      } catch (err) {
        deps.onError?.(err); // one plan's trouble does not stop the others
      }
    }
  }

  return {
    tickAll,
    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        if (busy) return; // a slow look is not overlapped by the next
        const prune = Date.now() - prunedAt >= options.pruneMs;
        if (prune) prunedAt = Date.now();
        busy = tickAll()
          .then(async () => {
            if (!prune) return;
            await deps.releases.pruneSignals(); // idempotent: several replicas may prune
            await deps.pruneUsage?.();
          })
          .catch((err: unknown) => deps.onError?.(err))
          .finally(() => (busy = undefined));
      }, options.tickMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await busy;
    },
  };
}

export type ReleaseScheduler = ReturnType<typeof createReleaseScheduler>;
