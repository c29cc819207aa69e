import { createHash, randomBytes } from 'node:crypto';
import {
  DRAFT_STATE,
  defaultGates,
  defaultStages,
  isTerminal,
  judgeStage,
  releasePlanDefinitionSchema,
  stageConfig,
  stepRelease,
  type DeliveryFigures,
  type GateJudgement,
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
import { bucketOf, figuresSince, gateFigures } from './release-figures';
import type { CreateReleaseBody, ReleaseCommand } from '@switchyard/api';

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
export function createReleaseService(deps: { db: Database; audit: AuditService; configs: FlagConfigService; now: () => Date }) {
  const { db, audit, configs, now } = deps;

  async function loadPlan(s: Stores, id: string): Promise<ReleasePlanRecord> {
    const plan = await s.releases.get(id);
    if (!plan) throw new AppError('RELEASE_PLAN_NOT_FOUND', `No release plan "${id}".`);
    return plan;
  }

  async function judgementsOf(s: Stores, plan: ReleasePlanRecord, at: Date): Promise<GateJudgement[]> {
    const since = figuresSince(plan.definition, plan.state, at);
    if (plan.state.status !== 'running' || since === undefined) return [];
    const flag = await s.flags.get(plan.flagKey);
    if (!flag) return [];
    const rows = await s.releases.listSignals(plan.envKey, plan.flagKey, since);
    return judgeStage(plan.definition, plan.state, gateFigures(plan.definition, plan.state, flag, rows, at));
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
      if (effect.kind === 'expose') {
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

  function definitionOf(body: CreateReleaseBody): ReleasePlanDefinition {
    const gates = body.gates ?? (body.owner ? defaultGates(body.owner) : undefined);
    if (!gates) throw invalid('body.owner', 'is required when gates are not given: the template gates need an owner');
    const parsed = releasePlanDefinitionSchema.safeParse({
      fromVariation: body.fromVariation,
      toVariation: body.toVariation,
      bucketBy: body.bucketBy,
      stages: body.stages ?? defaultStages({ staff: body.staffSegment, region: body.regionSegment }),
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
    if (flag.type === 'migration') throw new AppError('RELEASE_REFUSED', `Flag "${flagKey}" is a migration flag: release plans do not drive migration stages yet.`);
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
      const def = definitionOf(body);
      return db.transaction(async (tx) => {
        await checkTarget(tx, flagKey, envKey, def);
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
      return db.read(async (s) => {
        const plan = await loadPlan(s, id);
        return { ...plan, judgements: await judgementsOf(s, plan, now()) };
      });
    },

    async list(filter: { flagKey?: string | undefined; envKey?: string | undefined }): Promise<ReleasePlanRecord[]> {
      return db.read((s) => s.releases.list({ ...(filter.flagKey ? { flagKey: filter.flagKey } : {}), ...(filter.envKey ? { envKey: filter.envKey } : {}) }));
    },

    /** A person's command. `advance` pushes past inconclusive gates only (never a failed gate, an unfinished dwell or delivery). */
    async command(actor: Actor, id: string, command: ReleaseCommand, reason: string | null): Promise<ReleasePlanRecord> {
      return db.transaction(async (tx) => {
        const plan = await loadPlan(tx, id);
        const at = now();
        if (command === 'start') return start(tx, actor, plan, reason);
        if (command === 'advance') {
          const flag = await tx.flags.get(plan.flagKey);
          const since = figuresSince(plan.definition, plan.state, at);
          const rows = since === undefined || !flag ? [] : await tx.releases.listSignals(plan.envKey, plan.flagKey, since);
          const figures = flag ? gateFigures(plan.definition, plan.state, flag, rows, at) : {};
          return apply(tx, actor, plan, { type: 'advance', at: at.toISOString(), figures }, reason);
        }
        return apply(tx, actor, plan, { type: command, at: at.toISOString() }, reason);
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
      return db.transaction(async (tx) => {
        const plan = await tx.releases.get(id);
        const at = now();
        if (!plan || plan.state.status !== 'running') return undefined;
        if (at.getTime() - Date.parse(plan.tickedAt) < minGapMs) return undefined;
        const config = await tx.configs.get(plan.flagKey, plan.envKey);
        if (config?.killed) return apply(tx, releaseActor(plan.id), plan, { type: 'abort', at: at.toISOString() }, `the flag was killed by ${config.killed.by}: ${config.killed.reason}`);
        const flag = await tx.flags.get(plan.flagKey);
        if (flag?.archivedAt) return apply(tx, releaseActor(plan.id), plan, { type: 'abort', at: at.toISOString() }, 'the flag was archived');
        const since = figuresSince(plan.definition, plan.state, at);
        const rows = since === undefined || !flag ? [] : await tx.releases.listSignals(plan.envKey, plan.flagKey, since);
        const figures = flag ? gateFigures(plan.definition, plan.state, flag, rows, at) : {};
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
