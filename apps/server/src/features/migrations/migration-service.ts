import {
  allowedMoves,
  applyForced,
  attestBackfill,
  backfillReportSchema,
  decide,
  initialState,
  isFullRangeSucceeded,
  killMigration,
  planFor,
  resolveGates,
  stageVariation,
  type BackfillReport,
  type KillState,
  type MigrationMeasurement,
  type MigrationStage,
} from '@switchyard/core';
import type { FlagConfigRecord, FlagRecord, MigrationSettingsRecord } from '../../db/records';
import type { Database, Stores, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import type { ChangeLog } from '../changes/change-log';
import { servedFlag, writeFlagVersion } from '../flags/flag-changes';
import { toConfig, toDefinition } from '../flags/flag-views';
import { minuteOf, stageFigures } from './migration-figures';

/**
 * Migration flags: the stage per environment moves only through here, one `decide` at a time.
 * Allowed, forced and refused moves are all audited with the gate figures, and so are attestations
 * the stage machine refuses (a backfill job that has not covered its range is refused unaudited).
 */
export function createMigrationService(deps: { db: Database; audit: AuditService; changes: ChangeLog; now: () => Date }) {
  const { db, audit, changes, now } = deps;

  async function load(s: Stores, flagKey: string, envKey: string) {
    const flag = await s.flags.get(flagKey);
    if (!flag) throw new AppError('FLAG_NOT_FOUND', `No flag "${flagKey}".`);
    if (flag.type !== 'migration') throw new AppError('NOT_A_MIGRATION_FLAG', `Flag "${flagKey}" is a ${flag.type} flag, not a migration flag.`);
    if (!(await s.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
    const [config, settings, state] = await Promise.all([s.configs.get(flagKey, envKey), s.migrations.getSettings(flagKey), s.migrations.getState(flagKey, envKey)]);
    if (!config || !settings || !state) throw new AppError('INTERNAL', `Migration flag "${flagKey}" has no state in "${envKey}".`);
    return { flag, config, settings, state: state.state, gates: resolveGates(settings.gates) };
  }

  /** As {@link load}, for a move: an archived flag's stage no longer moves (unarchive it first). */
  async function loadLive(s: Stores, flagKey: string, envKey: string) {
    const loaded = await load(s, flagKey, envKey);
    if (loaded.flag.archivedAt !== null) throw new AppError('FLAG_ARCHIVED', `Flag "${flagKey}" is archived: unarchive it before moving its stage.`);
    return loaded;
  }

  async function stateOf(tx: Tx, flagKey: string, envKey: string) {
    const row = await tx.migrations.getState(flagKey, envKey);
    if (!row) throw new AppError('INTERNAL', `Migration flag "${flagKey}" has no state in "${envKey}".`);
    return row.state;
  }

  async function figuresFor(s: Stores, flagKey: string, envKey: string, state: Parameters<typeof stageFigures>[0], at: string) {
    return stageFigures(state, await s.migrations.listMeasurements(flagKey, envKey, state.stage, minuteOf(state.evidenceSince)), at);
  }

  /** One stage move in `tx`, decided by the migration's own machine; forced only when asked and allowed to. */
  async function moveIn(tx: Tx, actor: Actor, flagKey: string, envKey: string, input: { to: MigrationStage; reason: string; force?: boolean | undefined }, opts: { auditRefusal: boolean }) {
    const { flag, config, state, gates } = await loadLive(tx, flagKey, envKey);
    const at = now().toISOString();
    const figures = await figuresFor(tx, flagKey, envKey, state, at);
    const decision = decide(state, { to: input.to }, figures, gates, { killed: config.killed !== null });
    const audited = { from: state.stage, to: input.to, checks: decision.checks, figures };
    // A kill is undone by a restore, nothing else: not even a force moves a killed migration forward.
    const unforceable = !decision.allowed && decision.reasons.some((r) => r.rule === 'killed');
    if (!decision.allowed && (!input.force || unforceable)) {
      // A refusal changes nothing but is still on the record, with the figures it was refused on.
      if (opts.auditRefusal)
        await audit.record(tx, actor, { action: 'migration.refused', resource: 'migration', flagKey, envKey, before: { state }, after: { ...audited, reasons: decision.reasons }, reason: input.reason });
      return { allowed: false as const, reasons: decision.reasons, checks: decision.checks, figures };
    }
    if (!decision.allowed && actor.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an admin may force a refused migration move.', { role: actor.role, required: 'admin' });
    const next = decision.allowed ? decision.next : applyForced(state, input.to, at);
    await tx.migrations.putState({ flagKey, envKey, state: next, updatedAt: at });
    const def = toDefinition(flag);
    const saved = await writeFlagVersion(tx, changes, def, envKey, { ...toConfig(config), fallthrough: { variation: stageVariation(input.to) } }, at, servedFlag(def, config));
    const action = decision.allowed ? 'migration.transition' : 'migration.forced';
    const overridden = decision.allowed ? {} : { overridden: decision.reasons };
    await audit.record(tx, actor, { action, resource: 'migration', flagKey, envKey, before: { state }, after: { ...audited, ...overridden, state: next }, reason: input.reason });
    return { allowed: true as const, forced: !decision.allowed, state: next, checks: decision.checks, figures, version: saved.version };
  }

  return {
    /** Creates a migration flag's settings and its state in the given environments (in the caller's transaction). */
    async initialize(tx: Tx, settings: MigrationSettingsRecord, envKeys: readonly string[], at: string): Promise<void> {
      await tx.migrations.putSettings(settings);
      for (const envKey of envKeys) {
        await tx.migrations.putState({ flagKey: settings.flagKey, envKey, state: initialState(at, { backfillRequired: settings.backfillRequired }), updatedAt: at });
      }
    },

    /** The stage, the plan, the measured figures and every move with why it is or is not allowed now. */
    async view(flagKey: string, envKey: string) {
      return db.read(async (s) => {
        const { state, gates, settings, config } = await load(s, flagKey, envKey);
        const figures = await figuresFor(s, flagKey, envKey, state, now().toISOString());
        const batches = await s.migrations.listBatches(flagKey, envKey);
        return {
          flag: flagKey,
          environment: envKey,
          stage: state.stage,
          state,
          plan: planFor(state.stage),
          gates,
          checkRatio: settings.checkRatio,
          figures,
          killed: config.killed,
          moves: allowedMoves(state, figures, gates, { killed: config.killed !== null }),
          backfills: batches.map((b) => JSON.parse(b.report) as BackfillReport),
        };
      });
    },

    async transition(actor: Actor, flagKey: string, envKey: string, input: { to: MigrationStage; reason: string; force?: boolean | undefined }) {
      const outcome = await db.transaction((tx) => moveIn(tx, actor, flagKey, envKey, input, { auditRefusal: true }));
      if (!outcome.allowed)
        throw new AppError('MIGRATION_REFUSED', outcome.reasons.map((r) => r.message).join('; '), { reasons: outcome.reasons, checks: outcome.checks, figures: outcome.figures });
      return outcome;
    },

    /**
     * A release plan's stage move, in the plan's transaction: never forced. A refusal writes nothing
     * here (the plan's hold is the audit entry, with the reasons); an allowed move answers the
     * environment version it was written at, for the plan's delivery tracking.
     */
    async moveForPlan(tx: Tx, actor: Actor, flagKey: string, envKey: string, to: MigrationStage, reason: string) {
      return moveIn(tx, actor, flagKey, envKey, { to, reason }, { auditRefusal: false });
    },

    /**
     * A kill of a migration flag (in the caller's transaction, for the flag-config service): the
     * migration moves to its safe stage (core's `safeStage`: every read from the store of record) and
     * is marked killed, so it moves only backward until restored. Audited as a kill, with the move.
     */
    async kill(tx: Tx, actor: Actor, flag: FlagRecord, config: FlagConfigRecord, killed: KillState): Promise<FlagConfigRecord> {
      const { envKey } = config;
      const state = await stateOf(tx, flag.key, envKey);
      const next = killMigration(state, killed.at);
      if (next !== state) await tx.migrations.putState({ flagKey: flag.key, envKey, state: next, updatedAt: killed.at });
      const def = toDefinition(flag);
      const before = toConfig(config);
      const saved = await writeFlagVersion(tx, changes, def, envKey, { ...before, killed, fallthrough: { variation: stageVariation(next.stage) } }, killed.at, servedFlag(def, config));
      const migration = { from: state.stage, to: next.stage, state: next };
      await audit.record(tx, actor, { action: 'flag.kill', resource: 'flag-config', flagKey: flag.key, envKey, before, after: { ...toConfig(saved), migration }, reason: killed.reason });
      return saved;
    },

    /**
     * Lifts a migration flag's kill (in the caller's transaction). The stage stays where the kill left
     * it: the way forward is the ordinary one, a stage at a time, each gate earned again — the
     * evidence gathered before the incident no longer speaks for the stages after it.
     */
    async restore(tx: Tx, actor: Actor, flag: FlagRecord, config: FlagConfigRecord, reason: string): Promise<FlagConfigRecord> {
      const def = toDefinition(flag);
      const before = toConfig(config);
      const at = now().toISOString();
      const saved = await writeFlagVersion(tx, changes, def, config.envKey, { ...before, killed: null }, at, servedFlag(def, config));
      const { stage } = await stateOf(tx, flag.key, config.envKey);
      await audit.record(tx, actor, { action: 'flag.restore', resource: 'flag-config', flagKey: flag.key, envKey: config.envKey, before, after: { ...toConfig(saved), migration: { stage } }, reason });
      return saved;
    },

    /** Records one backfill batch report; re-reporting a job's cursor range replaces the earlier report. */
    async reportBackfill(actor: Actor, flagKey: string, envKey: string, report: BackfillReport) {
      return db.transaction(async (tx) => {
        await load(tx, flagKey, envKey);
        const text = JSON.stringify(report);
        const existing = await tx.migrations.getBatch(flagKey, envKey, report.jobName, report.cursorStart, report.cursorEnd);
        if (existing?.report === text) throw new AppError('NO_CHANGE', 'This batch report is already recorded.');
        await tx.migrations.putBatch({ flagKey, envKey, jobName: report.jobName, cursorStart: report.cursorStart, cursorEnd: report.cursorEnd, report: text, updatedAt: now().toISOString() });
        await audit.record(tx, actor, {
          action: 'migration.backfill.report',
          resource: 'migration',
          flagKey,
          envKey,
          targetKey: report.jobName,
          before: existing ? JSON.parse(existing.report) : null,
          after: report,
        });
        return report;
      });
    },

    /** Attests a backfill complete, only when the job reported success over the full range. */
    async attest(actor: Actor, flagKey: string, envKey: string, input: { direction: 'forward' | 'reverse'; jobName: string; range: { start: string; end: string }; reason: string }) {
      const outcome = await db.transaction(async (tx) => {
        const { state } = await loadLive(tx, flagKey, envKey);
        const reports = (await tx.migrations.listBatches(flagKey, envKey, input.jobName)).map((b) => backfillReportSchema.parse(JSON.parse(b.report)));
        if (!isFullRangeSucceeded(reports, input.range))
          throw new AppError('BACKFILL_INCOMPLETE', `Job "${input.jobName}" has not reported success over the whole range [${input.range.start}, ${input.range.end}).`, {
            jobName: input.jobName,
            range: input.range,
            batches: reports.length,
          });
        const at = now().toISOString();
        const decision = attestBackfill(state, input.direction, at);
        const attested = { direction: input.direction, range: input.range };
        if (!decision.allowed) {
          // Refused by the stage machine: changes nothing, but is on the record like a refused move (committed, then answered 409).
          await audit.record(tx, actor, { action: 'migration.attest.refused', resource: 'migration', flagKey, envKey, targetKey: input.jobName, before: { state }, after: { ...attested, reasons: decision.reasons }, reason: input.reason });
          return { allowed: false as const, reasons: decision.reasons };
        }
        await tx.migrations.putState({ flagKey, envKey, state: decision.next, updatedAt: at });
        await audit.record(tx, actor, { action: 'migration.attest', resource: 'migration', flagKey, envKey, targetKey: input.jobName, before: { state }, after: { state: decision.next, ...attested }, reason: input.reason });
        return { allowed: true as const, state: decision.next };
      });
      if (!outcome.allowed) throw new AppError('MIGRATION_REFUSED', outcome.reasons.map((r) => r.message).join('; '), { reasons: outcome.reasons });
      return outcome.state;
    },

    /** Adds SDK measurements into the current minute. Reports for unknown or non-migration flags are skipped. */
    async recordMeasurements(envKey: string, measurements: readonly MigrationMeasurement[]): Promise<{ accepted: number; skipped: number }> {
      const minute = minuteOf(now().toISOString());
      return db.transaction(async (tx) => {
        let accepted = 0;
        for (const m of measurements) {
          const flag = await tx.flags.get(m.flag);
          if (flag?.type !== 'migration') continue;
          await tx.migrations.addMeasurement({
            flagKey: m.flag,
            envKey,
            stage: m.stage,
            minute,
            oldInvocations: m.old.invocations,
            oldErrors: m.old.errors,
            newInvocations: m.new.invocations,
            newErrors: m.new.errors,
            compared: m.compared,
            consistent: m.consistent,
            oldLatency: m.old.latency,
            newLatency: m.new.latency,
          });
          accepted++;
        }
        return { accepted, skipped: measurements.length - accepted };
      });
    },
  };
}

export type MigrationService = ReturnType<typeof createMigrationService>;
