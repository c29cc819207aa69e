import { createHash, randomBytes } from 'node:crypto';
import {
  DRAFT_STATE,
  defaultGates,
  defaultMigrationGates,
  defaultMigrationStages,
  defaultStages,
  isMigrationPlan,
  stageIndex,
  stageVariation,
  isTerminal,
  judgeStage,
  releasePlanDefinitionSchema,
  stageConfig,
  stepRelease,
  type DeliveryFigures,
  type GateJudgement,
  type MigrationStage,
  type QueryReading,
  type ReleaseInput,
  type ReleasePlanDefinition,
} from '@switchyard/core';
import type { ReleasePlanRecord } from '../../db/records';
import type { Database, Stores, Tx } from '../../db/stores';
import { AppError, invalid } from '../../errors/catalogue';
import { issuesToDetails } from '../../errors/parse-input';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import type { FlagConfigService } from '../flags/flag-config-service';
import type { MigrationService } from '../migrations/migration-service';
import { assertDirectWrite } from '../review/review-gate';
import type { QueryReader } from './prometheus-reader';
import { bucketOf, figuresSince, gateFigures } from './release-figures';
import type { CreateReleaseBody, ReleaseCommand, ReplaceGatesBody } from '@switchyard/api';

/** How long tracked counts are kept: the longest gate window (7 days) and a day's margin. */
export const SIGNAL_RETENTION_MS = 8 * 86_400_000;

/** A person's commands that expose more; refused where the environment requires review (docs/change-requests.md). */
const EXPOSING_COMMANDS: ReadonlySet<ReleaseCommand> = new Set(['start', 'resume', 'advance']);

/** The actor automatic transitions are recorded under. */
export function releaseActor(id: string): Actor {
  return { name: `system:release/${id}`, keyId: null, role: 'admin' };
}

/** SHA-256 of a plan's gate set, as frozen at start: shown with every transition so a changed gate set is visible. */
export function gateHashOf(def: ReleasePlanDefinition): string {
  return createHash('sha256').update(JSON.stringify(def.gates)).digest('hex');
}

/** A plan as the API shows it: the record, and each gate's figure against its threshold as of now. */
export interface ReleasePlanView extends ReleasePlanRecord {
  judgements: GateJudgement[];
}

/** What an SDK tracked for one flag's variation since its last summary. */
export interface TrackedSignal {
  flag: string;
  variant: string;
  count: number;
  errors: number;
  latencySumMs: number;
  timed: number;
}

/**
 * Guarded release plans: creation, commands and the scheduler's ticks, each transition written with
 * its audit entry and the flag change it makes (through the flag config service: exposure as a config
 * update, rollback and abort as a kill) in one transaction.
 */
export function createReleaseService(deps: {
  db: Database;
  audit: AuditService;
  configs: FlagConfigService;
  migrations: MigrationService;
  now: () => Date;
  readQuery?: QueryReader | undefined;
}) {
  const { db, audit, configs, migrations, now, readQuery } = deps;

  /**
   * The current reading of each `prometheus` gate of a running plan past delivery, taken before the
   * transaction that judges it (no network call holds a transaction open). The gate set is frozen at
   * start, so the plan read here has the gates the transaction judges.
   */
  async function readingsFor(plan: ReleasePlanRecord | undefined): Promise<Record<string, QueryReading>> {
    const out: Record<string, QueryReading> = {};
    if (plan?.state.status !== 'running' || plan.state.phase === 'delivering') return out;
    await Promise.all(
      plan.definition.gates.map(async (g) => {
        if (g.signal !== 'prometheus' || g.query === undefined) return;
        out[g.name] = readQuery ? await readQuery(g.query) : { value: null, why: 'cannot be read: this server has no PROMETHEUS_URL' };
      }),
    );
    return out;
  }
  const planById = (id: string) => db.read((s) => s.releases.get(id));

  async function loadPlan(s: Stores, id: string): Promise<ReleasePlanRecord> {
    const plan = await s.releases.get(id);
    if (!plan) throw new AppError('RELEASE_PLAN_NOT_FOUND', `No release plan "${id}".`);
    return plan;
  }

  async function judgementsOf(s: Stores, plan: ReleasePlanRecord, at: Date, readings: Record<string, QueryReading>): Promise<GateJudgement[]> {
    const since = figuresSince(plan.definition, plan.state, at);
    if (plan.state.status !== 'running' || since === undefined) return [];
    const flag = await s.flags.get(plan.flagKey);
    if (!flag) return [];
    const rows = await s.releases.listSignals(plan.envKey, plan.flagKey, since);
    return judgeStage(plan.definition, plan.state, gateFigures(plan.definition, plan.state, flag, rows, at, readings));
  }

  /**
   * One input to a plan's machine in `tx`: the new state, the flag change it calls for, and the
   * audit entry (with the gate figures that decided it) when it is a transition. Refusals throw.
   */
  async function apply(tx: Tx, actor: Actor, plan: ReleasePlanRecord, input: ReleaseInput, reason: string | null): Promise<ReleasePlanRecord> {
    const step = stepRelease(plan.definition, plan.state, input);
    if (!step.ok) throw new AppError('RELEASE_REFUSED', `Release plan "${plan.id}": ${step.refusal}.`);
    let state = step.state;
    for (const effect of step.effects) {
      const migrationStage = effect.kind === 'expose' ? plan.definition.stages[effect.stage]!.migrationStage : undefined;
      if (effect.kind === 'expose' && migrationStage !== undefined) {
        // A migration flag: the move goes through the migration's own machine and gates, never forced.
        const stageName = plan.definition.stages[effect.stage]!.name;
        const moved = await migrations.moveForPlan(tx, actor, plan.flagKey, plan.envKey, migrationStage, `release plan ${plan.id}: stage ${effect.stage + 1} "${stageName}"`);
        if (!moved.allowed) {
          const why = `${migrationStage}: ${moved.reasons.map((r) => r.message).join('; ')}`;
          if (input.type === 'start') throw new AppError('RELEASE_REFUSED', `Release plan "${plan.id}": the migration refused the move to ${why}.`, { reasons: moved.reasons });
          return apply(tx, actor, plan, { type: 'refused', at: input.at, why }, reason);
        }
        const written = stepRelease(plan.definition, state, { type: 'written', at: input.at, version: moved.version });
        if (written.ok) state = written.state;
      } else if (effect.kind === 'expose') {
        const config = await tx.configs.get(plan.flagKey, plan.envKey);
        if (!config) throw new AppError('FLAG_NOT_FOUND', `Flag "${plan.flagKey}" has no config in "${plan.envKey}".`);
        const edit = stageConfig(plan.definition, plan.id, plan.flagKey, effect.stage, config.rules);
        const stageName = plan.definition.stages[effect.stage]!.name;
        let version: number;
        try {
          version = (await configs.inTx.update(tx, actor, plan.flagKey, plan.envKey, { ...edit, reason: `release plan ${plan.id}: stage ${effect.stage + 1} "${stageName}"` })).version;
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'NO_CHANGE')) throw err;
          version = config.version; // the stage exposes what the last one did: its version is current
        }
        const written = stepRelease(plan.definition, state, { type: 'written', at: input.at, version });
        if (written.ok) state = written.state;
      } else {
        try {
          await configs.inTx.kill(tx, actor, plan.flagKey, plan.envKey, `release plan ${plan.id}: ${step.action === 'release.rollback' ? 'rolled back' : 'aborted'}: ${reason ?? step.why}`);
        } catch (err) {
          // Archived: SDKs no longer get the flag at all. (Killed already is `changed: false`, no error: exposure is zero.)
          if (!(err instanceof AppError && err.code === 'FLAG_ARCHIVED')) throw err;
        }
      }
    }
    const at = input.at;
    const next: ReleasePlanRecord = { ...plan, state, updatedAt: step.action ? at : plan.updatedAt, tickedAt: input.type === 'tick' ? at : plan.tickedAt, revision: plan.revision + (step.action ? 1 : 0) };
    await tx.releases.update(next);
    if (step.action)
      await audit.record(tx, actor, {
        action: step.action,
        resource: 'release',
        flagKey: plan.flagKey,
        envKey: plan.envKey,
        targetKey: plan.id,
        before: { state: plan.state },
        after: { state, why: step.why, judgements: step.judgements, gateHash: plan.gateHash },
        reason: reason ?? step.why,
      });
    return next;
  }

  /** The plan's definition: the body's, with the template's stages and gates where it gives none (a migration flag's template from `migrationFrom`). */
  function definitionOf(body: CreateReleaseBody, migrationFrom?: MigrationStage): ReleasePlanDefinition {
    const template = migrationFrom === undefined ? defaultGates : defaultMigrationGates;
    const gates = body.gates ?? (body.owner ? template(body.owner) : undefined);
    if (!gates) throw invalid('body.owner', 'is required when gates are not given: the template gates need an owner');
    if (!readQuery) {
      const i = gates.findIndex((g) => g.signal === 'prometheus');
      if (i >= 0) throw invalid(`body.gates[${i}].signal`, 'cannot be prometheus: this server has no PROMETHEUS_URL to read the query from');
    }
    const parsed = releasePlanDefinitionSchema.safeParse({
      fromVariation: body.fromVariation,
      toVariation: body.toVariation,
      bucketBy: body.bucketBy,
      stages: body.stages ?? (migrationFrom === undefined ? defaultStages({ staff: body.staffSegment, region: body.regionSegment }) : defaultMigrationStages(migrationFrom)),
      gates,
    });
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The release plan is invalid.', issuesToDetails('body', parsed.error.issues));
    return parsed.data;
  }

  async function checkTarget(tx: Tx, flagKey: string, envKey: string, def: ReleasePlanDefinition): Promise<void> {
    const flag = await tx.flags.get(flagKey);
    if (!flag) throw new AppError('FLAG_NOT_FOUND', `No flag "${flagKey}".`);
    if (!(await tx.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
    if (flag.archivedAt !== null) throw new AppError('FLAG_ARCHIVED');
    const migrating = isMigrationPlan(def);
    if (flag.type === 'migration') {
      if (!migrating) throw invalid('body.stages', `must move migration stages: "${flagKey}" is a migration flag (give each stage a migrationStage, or leave stages out for the migration template)`);
      const current = (await tx.migrations.getState(flagKey, envKey))?.state.stage;
      if (current === undefined) throw new AppError('INTERNAL', `Migration flag "${flagKey}" has no state in "${envKey}".`);
      const first = def.stages[0]!.migrationStage!;
      if (stageIndex(first) !== stageIndex(current) + 1)
        throw invalid('body.stages[0].migrationStage', `must be the stage after "${current}", where "${flagKey}" is in "${envKey}": a migration moves one stage at a time`);
      if (def.fromVariation !== stageVariation(current)) throw invalid('body.fromVariation', `must be ${stageVariation(current)}, the variation of the current stage "${current}"`);
      const last = def.stages[def.stages.length - 1]!.migrationStage!;
      if (def.toVariation !== stageVariation(last)) throw invalid('body.toVariation', `must be ${stageVariation(last)}, the variation of the last stage "${last}"`);
    } else if (migrating) throw invalid('body.stages[0].migrationStage', `is for migration flags only; "${flagKey}" is a ${flag.type} flag`);
    for (const [field, index] of [['fromVariation', def.fromVariation], ['toVariation', def.toVariation]] as const)
      if (index >= flag.variations.length) throw invalid(`body.${field}`, `must be the index of a variation of "${flagKey}" (0..${flag.variations.length - 1})`);
    for (const [i, stage] of def.stages.entries())
      if (stage.segment !== undefined && !(await tx.segments.get(envKey, stage.segment))) throw invalid(`body.stages[${i}].segment`, `names no segment in "${envKey}"`);
    const live = (await tx.releases.list({ flagKey, envKey })).find((p) => !isTerminal(p.state));
    if (live) throw new AppError('RELEASE_PLAN_ACTIVE', `Flag "${flagKey}" has release plan "${live.id}" (${live.state.status}) in "${envKey}".`, { plan: live.id });
  }

  async function start(tx: Tx, actor: Actor, plan: ReleasePlanRecord, reason: string | null): Promise<ReleasePlanRecord> {
    const config = await tx.configs.get(plan.flagKey, plan.envKey);
    if (config?.killed) throw new AppError('RELEASE_REFUSED', `Flag "${plan.flagKey}" is killed in "${plan.envKey}": restore it before starting a plan.`);
    return apply(tx, actor, plan, { type: 'start', at: now().toISOString() }, reason);
  }

  return {
    async create(actor: Actor, flagKey: string, envKey: string, body: CreateReleaseBody): Promise<ReleasePlanRecord> {
      return db.transaction(async (tx) => {
        const migrationFrom = (await tx.flags.get(flagKey))?.type === 'migration' ? (await tx.migrations.getState(flagKey, envKey))?.state.stage : undefined;
        const def = definitionOf(body, migrationFrom);
        await checkTarget(tx, flagKey, envKey, def);
        // A plan changes exposure by itself once started: where review is required nobody starts one unreviewed.
        await assertDirectWrite(tx, envKey, 'a release plan');
        const at = now().toISOString();
        const plan: ReleasePlanRecord = {
          id: `rp_${randomBytes(8).toString('hex')}`,
          flagKey,
          envKey,
          definition: def,
          state: DRAFT_STATE,
          gateHash: gateHashOf(def),
          createdBy: actor.name,
          createdAt: at,
          updatedAt: at,
          tickedAt: at,
          revision: 0,
        };
        await tx.releases.insert(plan);
        await audit.record(tx, actor, { action: 'release.create', resource: 'release', flagKey, envKey, targetKey: plan.id, after: { definition: def, gateHash: plan.gateHash }, reason: body.reason ?? null });
        return body.start === false ? plan : start(tx, actor, plan, body.reason ?? null);
      });
    },

    async get(id: string): Promise<ReleasePlanView> {
      const readings = await readingsFor(await planById(id));
      return db.read(async (s) => {
        const plan = await loadPlan(s, id);
        return { ...plan, judgements: await judgementsOf(s, plan, now(), readings) };
      });
    },

    async list(filter: { flagKey?: string | undefined; envKey?: string | undefined }): Promise<ReleasePlanRecord[]> {
      return db.read((s) => s.releases.list({ ...(filter.flagKey ? { flagKey: filter.flagKey } : {}), ...(filter.envKey ? { envKey: filter.envKey } : {}) }));
    },

    /** A person's command. `advance` pushes past inconclusive gates only (never a failed gate, an unfinished dwell or delivery). */
    async command(actor: Actor, id: string, command: ReleaseCommand, reason: string | null): Promise<ReleasePlanRecord> {
      const readings = command === 'advance' ? await readingsFor(await planById(id)) : {};
      return db.transaction(async (tx) => {
        const plan = await loadPlan(tx, id);
        const at = now();
        // Moving exposure forward is a change like any other; pausing and aborting (a kill) never wait for review.
        if (EXPOSING_COMMANDS.has(command)) await assertDirectWrite(tx, plan.envKey, `the release plan's ${command}`);
        if (command === 'start') return start(tx, actor, plan, reason);
        if (command === 'advance') {
          const flag = await tx.flags.get(plan.flagKey);
          const since = figuresSince(plan.definition, plan.state, at);
          const rows = since === undefined || !flag ? [] : await tx.releases.listSignals(plan.envKey, plan.flagKey, since);
          const figures = flag ? gateFigures(plan.definition, plan.state, flag, rows, at, readings) : {};
          return apply(tx, actor, plan, { type: 'advance', at: at.toISOString(), figures }, reason);
        }
        return apply(tx, actor, plan, { type: command, at: at.toISOString() }, reason);
      });
    },

    /**
     * Replaces a live plan's gate set: its own audited action (`release.gates`, with the gate sets and
     * their hashes before and after), never part of a transition. Where the environment requires review
     * nobody changes how a plan is judged unreviewed. The plan's state is unchanged: the next look judges
     * the current stage by the new gates.
     */
    async replaceGates(actor: Actor, id: string, body: ReplaceGatesBody): Promise<ReleasePlanRecord> {
      return db.transaction(async (tx) => {
        const plan = await loadPlan(tx, id);
        if (isTerminal(plan.state)) throw new AppError('RELEASE_REFUSED', `Release plan "${id}" is ${plan.state.status}: its gates no longer judge anything.`);
        await assertDirectWrite(tx, plan.envKey, "a release plan's gates");
        if (!readQuery) {
          const i = body.gates.findIndex((g) => g.signal === 'prometheus');
          if (i >= 0) throw invalid(`body.gates[${i}].signal`, 'cannot be prometheus: this server has no PROMETHEUS_URL to read the query from');
        }
        const parsed = releasePlanDefinitionSchema.safeParse({ ...plan.definition, gates: body.gates });
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The gates do not fit the plan.', issuesToDetails('body', parsed.error.issues));
        const definition = parsed.data;
        const next: ReleasePlanRecord = { ...plan, definition, gateHash: gateHashOf(definition), updatedAt: now().toISOString(), revision: plan.revision + 1 };
        await tx.releases.update(next);
        await audit.record(tx, actor, {
          action: 'release.gates',
          resource: 'release',
          flagKey: plan.flagKey,
          envKey: plan.envKey,
          targetKey: plan.id,
          before: { gates: plan.definition.gates, gateHash: plan.gateHash },
          after: { gates: definition.gates, gateHash: next.gateHash },
          reason: body.reason,
        });
        return next;
      });
    },

    /**
     * The scheduler's look at one plan, in its own transaction. Skipped (returns undefined) when
     * another replica looked within `minGapMs`, or the plan is not running. Delivery is what every
     * replica reported within `freshMs` (see reportDelivery): landed only when each of them reported the
     * stage's version applied by all of its connections. A flag killed by someone else ends the plan
     * as aborted: a plan never re-exposes over a kill.
     */
    async tick(id: string, minGapMs: number, freshMs: number): Promise<ReleasePlanRecord | undefined> {
      const ahead = await planById(id);
      if (!ahead || now().getTime() - Date.parse(ahead.tickedAt) < minGapMs) return undefined; // re-checked in the transaction
      const readings = await readingsFor(ahead);
      return db.transaction(async (tx) => {
        const plan = await tx.releases.get(id);
        const at = now();
        if (plan?.state.status !== 'running') return undefined;
        if (at.getTime() - Date.parse(plan.tickedAt) < minGapMs) return undefined;
        const config = await tx.configs.get(plan.flagKey, plan.envKey);
        if (config?.killed) return apply(tx, releaseActor(plan.id), plan, { type: 'abort', at: at.toISOString() }, `the flag was killed by ${config.killed.by}: ${config.killed.reason}`);
        const flag = await tx.flags.get(plan.flagKey);
        if (flag?.archivedAt) return apply(tx, releaseActor(plan.id), plan, { type: 'abort', at: at.toISOString() }, 'the flag was archived');
        const since = figuresSince(plan.definition, plan.state, at);
        const rows = since === undefined || !flag ? [] : await tx.releases.listSignals(plan.envKey, plan.flagKey, since);
        const figures = flag ? gateFigures(plan.definition, plan.state, flag, rows, at, readings) : {};
        let landed: DeliveryFigures | null = null;
        if (plan.state.phase === 'delivering' && plan.state.stageVersion !== null) {
          const fresh = (await tx.releases.listDelivery(plan.id)).filter((r) => at.getTime() - Date.parse(r.reportedAt) <= freshMs);
          // A replica still reporting another version has not looked at this stage yet: not known to have landed.
          if (fresh.length > 0 && fresh.every((r) => r.version === plan.state.stageVersion))
            landed = { applied: fresh.reduce((n, r) => n + r.applied, 0), total: fresh.reduce((n, r) => n + r.total, 0) };
        }
        return apply(tx, releaseActor(plan.id), plan, { type: 'tick', at: at.toISOString(), delivery: landed, figures }, null);
      });
    },

    /**
     * An inbound trigger's `hold-plan` (pause) or `abort-plan` (abort, which kills the flag) on the plan
     * live on a flag in an environment, in the caller's transaction. Holds a running plan; aborts a
     * running or held one. Undefined, with nothing written, when there is no such plan.
     */
    async commandLiveIn(tx: Tx, actor: Actor, flagKey: string, envKey: string, command: 'pause' | 'abort', reason: string): Promise<ReleasePlanRecord | undefined> {
      const acts = (p: ReleasePlanRecord) => p.state.status === 'running' || (command === 'abort' && p.state.status === 'held');
      const plan = (await tx.releases.list({ flagKey, envKey })).find(acts);
      return plan && apply(tx, actor, plan, { type: command, at: now().toISOString() }, reason);
    },

    /** Plans a scheduler drives (running ones; held and draft plans wait for a person). */
    async running(): Promise<ReleasePlanRecord[]> {
      return db.read(async (s) => (await s.releases.listLive()).filter((p) => p.state.status === 'running'));
    },

    /** This replica's count of its own connections that applied `version`, for the deciding replica to add up. */
    async reportDelivery(planId: string, replicaId: string, version: number, counts: DeliveryFigures): Promise<void> {
      await db.transaction((tx) => tx.releases.putDelivery({ planId, replicaId, version, applied: counts.applied, total: counts.total, reportedAt: now().toISOString() }));
    },

    /**
     * Deletes tracked counts no gate can read any more: older than the longest window a gate may have
     * (7 days) plus a day. Without it `release_signals` grows with every tracked call forever.
     */
    async pruneSignals(): Promise<number> {
      return db.transaction((tx) => tx.releases.pruneSignals(bucketOf(new Date(now().getTime() - SIGNAL_RETENTION_MS))));
    },

    /** Counts SDKs tracked (`client.track`), into the current bucket. Usage data: not audited. */
    async recordSignals(envKey: string, signals: readonly TrackedSignal[]): Promise<void> {
      const bucket = bucketOf(now());
      const rows = signals
        .filter((s) => s.count > 0)
        .map((s) => ({ envKey, flagKey: s.flag, variant: s.variant, bucket, samples: s.count, errors: s.errors, latencySumMs: Math.round(s.latencySumMs), timed: s.timed }));
      if (rows.length === 0) return;
      await db.transaction((tx) => tx.releases.addSignals(rows));
    },
  };
}

export type ReleaseService = ReturnType<typeof createReleaseService>;
