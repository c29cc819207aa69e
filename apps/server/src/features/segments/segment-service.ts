import { checkSegment, segmentKeysOf, type Segment } from '@switchyard/core';
import type { SegmentRecord } from '../../db/records';
import type { Database, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { throwIfIssues } from '../../errors/parse-input';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import type { ChangeFeed } from '../changes/change-feed';
import { recordChange } from '../changes/record-change';
import type { CreateSegmentBody, UpdateSegmentBody } from './segment-schemas';

const toSegment = ({ envKey: _e, createdAt: _c, updatedAt: _u, ...segment }: SegmentRecord): Segment => segment;

/** Segments live in one environment; every change is a new environment version streamed to SDKs. */
export function createSegmentService(deps: { db: Database; audit: AuditService; feed: ChangeFeed; now: () => Date }) {
  const { db, audit, feed, now } = deps;

  async function requireEnv(tx: Pick<Tx, 'environments'>, envKey: string): Promise<void> {
    if (!(await tx.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
  }

  async function load(tx: Tx, envKey: string, key: string): Promise<SegmentRecord> {
    await requireEnv(tx, envKey);
    const segment = await tx.segments.get(envKey, key);
    if (!segment) throw new AppError('SEGMENT_NOT_FOUND', `No segment "${key}" in "${envKey}".`);
    return segment;
  }

  async function publish(tx: Tx, segment: SegmentRecord, op: 'upsert' | 'delete'): Promise<number> {
    const change = { envKey: segment.envKey, kind: 'segment' as const, key: segment.key, op, at: segment.updatedAt };
    // The payload is the segment as stored, with its own version (as snapshots carry it); the
    // environment version travels on the patch itself.
    return recordChange(tx, feed, change, () => (op === 'delete' ? null : toSegment(segment)));
  }

  /** Flags whose config in `envKey` references segment `key`. */
  async function usersOf(tx: Tx, envKey: string, key: string): Promise<string[]> {
    const configs = await tx.configs.listForEnvironment(envKey);
    return configs.filter((c) => c.rules.some((r) => segmentKeysOf(r.clauses).includes(key))).map((c) => c.flagKey);
  }

  return {
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

    async create(actor: Actor, envKey: string, input: CreateSegmentBody): Promise<SegmentRecord> {
      return db.transaction(async (tx) => {
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
        await tx.segments.insert(segment);
        await publish(tx, segment, 'upsert');
        await audit.record(tx, actor, { action: 'segment.create', resource: 'segment', envKey, targetKey: segment.key, after: toSegment(segment), reason: input.reason ?? null });
        return segment;
      });
    },

    async update(actor: Actor, envKey: string, key: string, input: UpdateSegmentBody): Promise<SegmentRecord> {
      const { baseVersion, reason, ...fields } = input;
      return db.transaction(async (tx) => {
        const current = await load(tx, envKey, key);
        if (current.version !== baseVersion)
          throw new AppError('VERSION_CONFLICT', `Segment "${key}" is at version ${current.version}; your change is based on ${baseVersion}.`, {
            currentVersion: current.version,
            current: toSegment(current),
          });
        const edits = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        const next: SegmentRecord = { ...current, ...edits, version: current.version + 1, updatedAt: now().toISOString() };
        if (JSON.stringify(toSegment({ ...next, version: current.version })) === JSON.stringify(toSegment(current))) throw new AppError('NO_CHANGE');
        throwIfIssues('body', checkSegment(toSegment(next)));
        await tx.segments.update(next);
        await publish(tx, next, 'upsert');
        await audit.record(tx, actor, { action: 'segment.update', resource: 'segment', envKey, targetKey: key, before: toSegment(current), after: toSegment(next), reason: reason ?? null });
        return next;
      });
    },

    async delete(actor: Actor, envKey: string, key: string, reason: string | null): Promise<void> {
      await db.transaction(async (tx) => {
        const current = await load(tx, envKey, key);
        const users = await usersOf(tx, envKey, key);
        if (users.length > 0) throw new AppError('SEGMENT_IN_USE', `Segment "${key}" is used by: ${users.join(', ')}.`, { flags: users });
        await tx.segments.delete(envKey, key);
        await publish(tx, { ...current, updatedAt: now().toISOString() }, 'delete');
        await audit.record(tx, actor, { action: 'segment.delete', resource: 'segment', envKey, targetKey: key, before: toSegment(current), reason });
      });
    },
  };
}

export type SegmentService = ReturnType<typeof createSegmentService>;
