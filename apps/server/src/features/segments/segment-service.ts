import { checkSegment, segmentKeysOf } from '@switchyard/core';
import type { SegmentRecord } from '../../db/records';
import type { Database, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { throwIfIssues } from '../../errors/parse-input';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import { assertDirectWrite } from '../review/review-gate';
import type { ChangeLog } from '../changes/change-log';
import type { CreateSegmentBody, UpdateSegmentBody } from '@switchyard/api';
import { toSegment } from './segment-views';

/** A change's base version: public routes require one (but delete); a plan checks them all first and passes none. */
type Based<T> = Omit<T, 'baseVersion'> & { baseVersion?: number | undefined };

/** Segments live in one environment; every change is a new environment version streamed to SDKs. */
export function createSegmentService(deps: { db: Database; audit: AuditService; changes: ChangeLog; now: () => Date }) {
  const { db, audit, changes, now } = deps;

  async function requireEnv(tx: Pick<Tx, 'environments'>, envKey: string): Promise<void> {
    if (!(await tx.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
  }

  async function load(tx: Tx, envKey: string, key: string): Promise<SegmentRecord> {
    await requireEnv(tx, envKey);
    const segment = await tx.segments.get(envKey, key);
    if (!segment) throw new AppError('SEGMENT_NOT_FOUND', `No segment "${key}" in "${envKey}".`);
    return segment;
  }

  function checkBase(current: SegmentRecord, baseVersion: number | undefined): void {
    if (baseVersion !== undefined && current.version !== baseVersion)
      throw new AppError('VERSION_CONFLICT', `Segment "${current.key}" is at version ${current.version}; your change is based on ${baseVersion}.`, {
        currentVersion: current.version,
        current: toSegment(current),
      });
  }

  /** A new environment version for the segment: SDKs get it as stored, with its own version (as snapshots carry it). */
  function publish(tx: Tx, before: SegmentRecord | null, after: SegmentRecord | null, envKey: string, key: string, at: string): Promise<number> {
    return changes.record(tx, { envKey, kind: 'segment', key, at, before: before && toSegment(before), after: after && toSegment(after) });
  }

  /** Flags whose config in `envKey` references segment `key`. */
  async function usersOf(tx: Tx, envKey: string, key: string): Promise<string[]> {
    const configs = await tx.configs.listForEnvironment(envKey);
    return configs.filter((c) => c.rules.some((r) => segmentKeysOf(r.clauses).includes(key))).map((c) => c.flagKey);
  }

  /** Each change inside a caller's transaction (a plan's); the methods below run each in its own. */
  const inTx = {
    async create(tx: Tx, actor: Actor, envKey: string, input: CreateSegmentBody): Promise<SegmentRecord> {
      await requireEnv(tx, envKey);
      if (await tx.segments.get(envKey, input.key)) throw new AppError('ALREADY_EXISTS', `A segment "${input.key}" already exists in "${envKey}".`);
      const at = now().toISOString();
      const segment: SegmentRecord = {
        envKey,
        key: input.key,
        name: input.name ?? input.key,
        description: input.description ?? '',
        included: input.included ?? [],
        excluded: input.excluded ?? [],
        rules: input.rules ?? [],
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      throwIfIssues('body', checkSegment(toSegment(segment)));
      await publish(tx, null, segment, envKey, segment.key, at);
      await tx.segments.insert(segment);
      await audit.record(tx, actor, { action: 'segment.create', resource: 'segment', envKey, targetKey: segment.key, after: toSegment(segment), reason: input.reason ?? null });
      return segment;
    },

    async update(tx: Tx, actor: Actor, envKey: string, key: string, input: Based<UpdateSegmentBody>): Promise<SegmentRecord> {
      const { baseVersion, reason, ...fields } = input;
      const current = await load(tx, envKey, key);
      checkBase(current, baseVersion);
      const edits = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      const next: SegmentRecord = { ...current, ...edits, version: current.version + 1, updatedAt: now().toISOString() };
      if (JSON.stringify(toSegment({ ...next, version: current.version })) === JSON.stringify(toSegment(current))) throw new AppError('NO_CHANGE');
      throwIfIssues('body', checkSegment(toSegment(next)));
      await publish(tx, current, next, envKey, key, next.updatedAt);
      await tx.segments.update(next);
      await audit.record(tx, actor, { action: 'segment.update', resource: 'segment', envKey, targetKey: key, before: toSegment(current), after: toSegment(next), reason: reason ?? null });
      return next;
    },

    async delete(tx: Tx, actor: Actor, envKey: string, key: string, input: { reason: string | null; baseVersion?: number | undefined }): Promise<void> {
      const current = await load(tx, envKey, key);
      checkBase(current, input.baseVersion);
      const users = await usersOf(tx, envKey, key);
      if (users.length > 0) throw new AppError('SEGMENT_IN_USE', `Segment "${key}" is used by: ${users.join(', ')}.`, { flags: users });
      await publish(tx, current, null, envKey, key, now().toISOString());
      await tx.segments.delete(envKey, key);
      await audit.record(tx, actor, { action: 'segment.delete', resource: 'segment', envKey, targetKey: key, before: toSegment(current), reason: input.reason });
    },
  };

  return {
    inTx,

    async list(envKey: string): Promise<SegmentRecord[]> {
      return db.read(async (s) => {
        await requireEnv(s, envKey);
        return s.segments.list(envKey);
      });
    },

    async get(envKey: string, key: string): Promise<SegmentRecord> {
      return db.read(async (s) => {
        await requireEnv(s, envKey);
        const segment = await s.segments.get(envKey, key);
        if (!segment) throw new AppError('SEGMENT_NOT_FOUND', `No segment "${key}" in "${envKey}".`);
        return segment;
      });
    },

    create(actor: Actor, envKey: string, input: CreateSegmentBody): Promise<SegmentRecord> {
      return db.transaction(async (tx) => {
        await assertDirectWrite(tx, envKey, 'a segment change');
        return inTx.create(tx, actor, envKey, input);
      });
    },

    update(actor: Actor, envKey: string, key: string, input: UpdateSegmentBody): Promise<SegmentRecord> {
      return db.transaction(async (tx) => {
        await assertDirectWrite(tx, envKey, 'a segment change');
        return inTx.update(tx, actor, envKey, key, input);
      });
    },

    async delete(actor: Actor, envKey: string, key: string, reason: string | null): Promise<void> {
      await db.transaction(async (tx) => {
        await assertDirectWrite(tx, envKey, 'a segment change');
        return inTx.delete(tx, actor, envKey, key, { reason });
      });
    },
  };
}

export type SegmentService = ReturnType<typeof createSegmentService>;
