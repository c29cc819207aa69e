import { allowedMoves, applyForced, decide, initialState, planFor, resolveGates, type MigrationStage, type MigrationState } from '@switchyard/core';
import type { FlagView, MigrationFiguresView, Role, SegmentView, StaleFlag } from '../api/types';
import { ENVIRONMENTS, segments as seedSegments } from './mock-data';

/**
 * The mock API's newer routes (`--mode mock` only): the stale report, segments, and migration
 * views. Migration decisions come from core's stage machine, as on the server.
 */
type Json = Record<string, unknown>;
type Answer = { status: number; body?: unknown };
const err = (status: number, code: string, message: string, details: unknown = []): Answer => ({ status, body: { code, message, details } });

export function createMockExtras(deps: { flags: FlagView[]; role: () => Role | null }) {
  const now = () => new Date().toISOString();
  const segs = new Map<string, SegmentView[]>(ENVIRONMENTS.map((e) => [e.key, seedSegments(e.key)]));
  const states = new Map<string, MigrationState>();
  const stateOf = (flag: string, env: string) => {
    const id = `${flag}|${env}`;
    if (!states.has(id)) {
      const start = new Date(Date.now() - 30 * 3_600_000).toISOString();
      const s = initialState(start, { backfillRequired: false });
      states.set(id, env === 'production' ? { ...s, stage: 'shadow' } : env === 'staging' ? { ...s, stage: 'live' } : s);
    }
    return states.get(id)!;
  };
  const figures = (state: MigrationState): MigrationFiguresView => {
    const shadowish = state.stage === 'shadow' || state.stage === 'live';
    return {
      now: now(),
      since: state.evidenceSince,
      comparedReads: shadowish ? 48_210 : 0,
      consistentReads: shadowish ? 48_190 : 0,
      consistencyRate: shadowish ? 48_190 / 48_210 : undefined,
      newInvocations: state.stage === 'off' ? 0 : 96_400,
      newErrors: state.stage === 'off' ? 0 : 31,
      errorRate: state.stage === 'off' ? undefined : 31 / 96_400,
      oldInvocations: 96_400,
      oldErrors: 12,
      latency: { old: { p50: 5, p99: 50 }, new: { p50: state.stage === 'off' ? null : 2.5, p99: state.stage === 'off' ? null : 25 } },
    };
  };
  const gates = resolveGates({});

  return (method: string, path: string, query: URLSearchParams, body: Json): Answer | null => {
    const editor = deps.role() === 'editor' || deps.role() === 'admin';
    if (path === '/reports/stale' && method === 'GET') {
      const days = Number(query.get('days') ?? 30);
      const items: StaleFlag[] = deps.flags
        .filter((f) => f.archivedAt === null && f.expiresAt !== null && f.expiresAt < now())
        .map((f) => ({
          key: f.key,
          name: f.name,
          type: f.type,
          owner: f.owner,
          createdAt: f.createdAt,
          expiresAt: f.expiresAt,
          reasons: ['expired'],
          lastEvaluatedAt: null,
          singleVariation: [],
        }));
      return { status: 200, body: { days, items } };
    }

    const seg = path.match(/^\/environments\/([^/]+)\/segments(?:\/([^/]+))?$/);
    if (seg) {
      const env = decodeURIComponent(seg[1]!);
      const list = segs.get(env);
      if (!list) return err(404, 'ENVIRONMENT_NOT_FOUND', 'No such environment.');
      const key = seg[2] ? decodeURIComponent(seg[2]) : null;
      if (method === 'GET' && key === null) return { status: 200, body: { items: list } };
      if (method !== 'GET' && !editor) return err(403, 'FORBIDDEN', 'Your role does not allow this.');
      if (key === null && method === 'POST') {
        if (list.some((s) => s.key === body.key)) return err(409, 'ALREADY_EXISTS', 'A segment with this key exists.');
        const s: SegmentView = {
          key: String(body.key),
          name: String(body.name ?? body.key),
          description: String(body.description ?? ''),
          included: (body.included as string[]) ?? [],
          excluded: (body.excluded as string[]) ?? [],
          rules: (body.rules as SegmentView['rules']) ?? [],
          version: 1,
          envKey: env,
          createdAt: now(),
          updatedAt: now(),
        };
        list.push(s);
        return { status: 201, body: s };
      }
      const s = list.find((x) => x.key === key);
      if (!s) return err(404, 'SEGMENT_NOT_FOUND', 'No such segment.');
      if (method === 'GET') return { status: 200, body: s };
      if (method === 'DELETE') {
        const users = deps.flags
          .filter((f) => f.environments[env]?.rules.some((r) => r.clauses.some((c) => c.op === 'segmentMatch' && c.values.includes(s.key))))
          .map((f) => f.key);
        if (users.length > 0) return err(409, 'SEGMENT_IN_USE', `Segment "${s.key}" is used by: ${users.join(', ')}.`, { flags: users });
        list.splice(list.indexOf(s), 1);
        return { status: 204 };
      }
      if (body.baseVersion !== s.version) return err(409, 'VERSION_CONFLICT', 'Someone else saved first.', { currentVersion: s.version, current: s });
      const { baseVersion: _b, reason: _r, ...changes } = body;
      Object.assign(s, changes, { version: s.version + 1, updatedAt: now() });
      return { status: 200, body: s };
    }

    const mig = path.match(/^\/flags\/([^/]+)\/environments\/([^/]+)\/migration(?:\/(transition))?$/);
    if (mig) {
      const flag = deps.flags.find((f) => f.key === decodeURIComponent(mig[1]!));
      if (!flag) return err(404, 'FLAG_NOT_FOUND', 'No such flag.');
      if (flag.type !== 'migration') return err(409, 'NOT_A_MIGRATION_FLAG', 'Not a migration flag.');
      const env = decodeURIComponent(mig[2]!);
      const state = stateOf(flag.key, env);
      const f = figures(state);
      if (!mig[3])
        return {
          status: 200,
          body: {
            flag: flag.key,
            environment: env,
            stage: state.stage,
            state,
            plan: planFor(state.stage),
            gates,
            checkRatio: 1,
            figures: f,
            moves: allowedMoves(state, f, gates),
            backfills: [],
          },
        };
      if (!editor) return err(403, 'FORBIDDEN', 'Your role does not allow this.');
      const to = body.to as MigrationStage;
      const d = decide(state, { to }, f, gates);
      if (!d.allowed && !body.force) return err(409, 'MIGRATION_REFUSED', d.reasons.map((r) => r.message).join('; '), { reasons: d.reasons });
      if (!d.allowed && deps.role() !== 'admin') return err(403, 'FORBIDDEN', 'Only an admin may force a refused migration move.');
      const next = d.allowed ? d.next : applyForced(state, to, now());
      states.set(`${flag.key}|${env}`, next);
      return { status: 200, body: { allowed: true, forced: !d.allowed, state: next, checks: d.checks, figures: f } };
    }
    return null;
  };
}
