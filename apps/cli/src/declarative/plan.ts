import { checkPrerequisites, DEFAULT_BOOLEAN_VARIATIONS, type FlagDefinition } from '@switchyard/core';
import { UsageError, type FieldIssue } from '../errors';
import { plural } from '../format/table';
import type { FlagView } from '../http/api-types';
import { same, sameSet, sortedStrings } from './canonical';
import { defaultOnVariation, type DesiredConfig, type DesiredFlag, type DesiredSegment, type DesiredState } from './flag-file-schema';
import type { Path } from './read-flag-file';
import { desiredConfigOf, desiredSegmentOf, type ServerState } from './server-state';

/** One field that changes: its value on the server and in the file. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * One change, one request, one audit entry: each `op` is the audit action the server records for
 * it, so the plan a dry-run prints is exactly what the audit log will show after the apply.
 */
export type Change =
  | { op: 'segment.create'; key: string; body: Record<string, unknown> }
  | { op: 'segment.update'; key: string; fields: FieldChange[] }
  | { op: 'segment.delete'; key: string }
  | { op: 'flag.create'; key: string; body: Record<string, unknown> }
  | { op: 'flag.unarchive'; key: string }
  | { op: 'flag.update'; key: string; fields: FieldChange[] }
  | { op: 'flag.config.update'; key: string; fields: FieldChange[] }
  | { op: 'flag.enable' | 'flag.disable'; key: string }
  | { op: 'flag.archive'; key: string; force?: boolean };

/** The versions (and config contents) a plan was computed from: every write is based on them. */
export interface Observed {
  flags: Record<string, number>;
  configs: Record<string, { version: number; config: DesiredConfig }>;
  segments: Record<string, number>;
}

export interface Plan {
  environment: string;
  changes: Change[];
  /** Things the reader should know that are not changes (kills left in place, unmanaged flags). */
  notes: string[];
  observed: Observed;
  /** Variation names of the flags the plan changes (the file's, else the server's), to show changes in words. */
  variations?: Record<string, string[]>;
}

type Locate = (path: Path, message: string) => FieldIssue;

/**
 * The changes that make the server's environment match the desired state, in a safe order:
 * segments before the flags that use them; new flags before the prerequisites naming them; a
 * flag's targeting before it is turned on and after it is turned off; archives and deletions
 * (only with `prune`) last. Kill state is never part of the diff.
 */
export function computePlan(desired: DesiredState, server: ServerState, opts: { prune: boolean; locate: Locate; forceKilled?: boolean }): Plan {
  const env = server.environment;
  const issues = serverProblems(desired, server, opts);
  if (issues.length > 0) throw new UsageError(`the file does not fit environment "${server.environment}" on the server; nothing was changed`, issues);
  const observed: Observed = { flags: {}, configs: {}, segments: {} };
  const notes: string[] = [];
  const segmentChanges: Change[] = [];
  const creates: Change[] = [];
  const unarchives: Change[] = [];
  const flagChanges: Change[] = [];
  const byKey = <T extends { key: string }>(list: readonly T[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));
  const variations: Record<string, string[]> = {};

  for (const s of byKey(desired.segments)) {
    const current = server.segments.get(s.key);
    if (!current) {
      segmentChanges.push({ op: 'segment.create', key: s.key, body: { ...s } });
      continue;
    }
    const fields = segmentFieldChanges(desiredSegmentOf(current), s);
    if (fields.length > 0) {
      observed.segments[s.key] = current.version;
      segmentChanges.push({ op: 'segment.update', key: s.key, fields });
    }
  }

  for (const f of byKey(desired.flags)) {
    const existing = server.flags.get(f.key) ?? server.archived.get(f.key);
    const names = (f.variations ?? existing?.variations ?? (f.variationType === 'boolean' ? DEFAULT_BOOLEAN_VARIATIONS : undefined))?.map((v) => v.name);
    if (names) variations[f.key] = names;
    if (!existing) {
      creates.push({ op: 'flag.create', key: f.key, body: createBody(f) });
      if (f.config) flagChanges.push(...configChanges(f.key, initialConfig(f), f.config));
      continue;
    }
    if (existing.archivedAt !== null) unarchives.push({ op: 'flag.unarchive', key: f.key });
    const view = existing.environments[env];
    if (view?.killed)
      notes.push(`"${f.key}" is KILLED in ${env} (by ${view.killed.by} at ${view.killed.at}: ${view.killed.reason}). apply leaves the kill in place; it serves its off variation until \`switchyard flags restore\`.`);
    const currentConfig = view ? desiredConfigOf(view) : undefined;
    if (!view && f.config) notes.push(`"${f.key}" has no config in ${env} on the server: its config in the file was not compared or applied.`);
    const defFields = definitionFieldChanges(existing, f);
    const update: Change[] = defFields.length > 0 ? [{ op: 'flag.update', key: f.key, fields: defFields }] : [];
    const configs = f.config && currentConfig ? configChanges(f.key, currentConfig, f.config) : [];
    if (update.length > 0 || existing.archivedAt !== null) observed.flags[f.key] = existing.version;
    if (view && (update.length > 0 || configs.length > 0 || existing.archivedAt !== null)) observed.configs[f.key] = { version: view.version, config: desiredConfigOf(view) };
    // Fewer variations: first stop the config from using the ones that go.
    const shrinks = f.variations !== undefined && f.variations.length < existing.variations.length;
    flagChanges.push(...(shrinks ? [...configs, ...update] : [...update, ...configs]));
  }

  const inFile = new Set(desired.flags.map((f) => f.key));
  const absentFlags = [...server.flags.keys()].filter((k) => !inFile.has(k)).sort();
  const segmentsInFile = new Set(desired.segments.map((s) => s.key));
  const absentSegments = [...server.segments.keys()].filter((k) => !segmentsInFile.has(k)).sort();
  const removals: Change[] = [];
  if (opts.prune) {
    const killed = absentFlags.filter((key) => killedIn(server.flags.get(key)!).length > 0);
    if (killed.length > 0 && !opts.forceKilled)
      throw new UsageError(
        `--prune would archive ${plural(killed.length, 'killed flag')}; archived, SDKs would serve the code default instead of the kill's off value, undoing the kill. Restore ${killed.length > 1 ? 'them' : 'it'}, keep ${killed.length > 1 ? 'them' : 'it'} in the file, or add --force (with --reason) to archive anyway; nothing was changed`,
        killed.map((key) => ({ path: `flag ${key}`, message: killedIn(server.flags.get(key)!).map((k) => `KILLED in ${k.env} by ${k.by} at ${k.at}: ${k.reason}`).join('; ') })),
      );
    for (const key of killed) notes.push(`"${key}" is KILLED (${killedIn(server.flags.get(key)!).map((k) => k.env).join(', ')}) and is archived anyway (--force): the server audits it as a forced archive.`);
    for (const key of absentFlags) observed.flags[key] = server.flags.get(key)!.version;
    for (const key of absentSegments) observed.segments[key] = server.segments.get(key)!.version;
    removals.push(...absentFlags.map((key): Change => (killed.includes(key) ? { op: 'flag.archive', key, force: true } : { op: 'flag.archive', key })));
    removals.push(...absentSegments.map((key): Change => ({ op: 'segment.delete', key })));
  } else {
    if (absentFlags.length > 0) notes.push(`Not in the file, left alone (--prune archives them): flags ${absentFlags.join(', ')}.`);
    if (absentSegments.length > 0) notes.push(`Not in the file, left alone (--prune deletes them): segments ${absentSegments.join(', ')}.`);
  }
  const changes = [...segmentChanges, ...creates, ...unarchives, ...flagChanges, ...removals];
  // The changed flags, and the flags their prerequisites name.
  const changed = new Set(changes.map((c) => c.key));
  for (const c of changes)
    if (c.op === 'flag.config.update') for (const f of c.fields) if (f.field === 'prerequisites') for (const p of f.after as { flag: string }[]) changed.add(p.flag);
  const shown = Object.fromEntries(Object.entries(variations).filter(([key]) => changed.has(key)));
  return { environment: env, changes, notes, observed, ...(Object.keys(shown).length > 0 ? { variations: shown } : {}) };
}

/** The environments a flag is killed in, with each kill. */
function killedIn(flag: FlagView): { env: string; by: string; at: string; reason: string }[] {
  return Object.entries(flag.environments).flatMap(([env, c]) => (c.killed ? [{ env, ...c.killed }] : []));
}

/** Targeting, then on; or off, then targeting: a flag never serves half-applied rules. */
function configChanges(key: string, current: DesiredConfig, desired: DesiredConfig): Change[] {
  const fields = configFieldChanges(current, desired);
  const patch: Change[] = fields.length > 0 ? [{ op: 'flag.config.update', key, fields }] : [];
  if (desired.enabled === current.enabled) return patch;
  return desired.enabled ? [...patch, { op: 'flag.enable', key }] : [{ op: 'flag.disable', key }, ...patch];
}

function createBody(f: DesiredFlag): Record<string, unknown> {
  return {
    key: f.key,
    type: f.type,
    owner: f.owner,
    name: f.name,
    description: f.description,
    tags: f.tags,
    ...(f.expiresAt !== undefined ? { expiresAt: f.expiresAt } : {}),
    clientSide: f.clientSide,
    ...(f.type !== 'migration' ? { variationType: f.variationType, variations: f.variations, offVariation: f.offVariation } : {}),
  };
}

/** The config the server gives a new flag (flag-views.ts, initialConfigFor). */
function initialConfig(f: DesiredFlag): DesiredConfig {
  const variation = defaultOnVariation(f.variationType ?? 'boolean', f.variations ?? [], f.offVariation ?? 0);
  return { enabled: false, targets: [], rules: [], fallthrough: { variation }, prerequisites: [] };
}

function definitionFieldChanges(current: FlagDefinition, f: DesiredFlag): FieldChange[] {
  const out: FieldChange[] = [];
  const add = (field: string, before: unknown, after: unknown) => out.push({ field, before, after });
  for (const field of ['name', 'description', 'owner'] as const) if (current[field] !== f[field]) add(field, current[field], f[field]);
  if (!sameSet(current.tags, f.tags)) add('tags', current.tags, f.tags);
  if (f.expiresAt !== undefined && !sameInstant(current.expiresAt, f.expiresAt)) add('expiresAt', current.expiresAt, f.expiresAt);
  if (f.variations !== undefined && !same(current.variations, f.variations)) add('variations', current.variations, f.variations);
  if (f.offVariation !== undefined && current.offVariation !== f.offVariation) add('offVariation', current.offVariation, f.offVariation);
  if (current.clientSide !== f.clientSide) add('clientSide', current.clientSide, f.clientSide);
  return out;
}

function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || Date.parse(a) === Date.parse(b);
}

const normalTargets = (c: DesiredConfig) => c.targets.map((t) => ({ variation: t.variation, values: sortedStrings(t.values) }));

function configFieldChanges(current: DesiredConfig, desired: DesiredConfig): FieldChange[] {
  const out: FieldChange[] = [];
  if (!same(normalTargets(current), normalTargets(desired))) out.push({ field: 'targets', before: current.targets, after: desired.targets });
  for (const field of ['rules', 'fallthrough', 'prerequisites'] as const)
    if (!same(current[field], desired[field])) out.push({ field, before: current[field], after: desired[field] });
  return out;
}

function segmentFieldChanges(current: DesiredSegment, desired: DesiredSegment): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of ['name', 'description'] as const) if (current[field] !== desired[field]) out.push({ field, before: current[field], after: desired[field] });
  for (const field of ['included', 'excluded'] as const) if (!sameSet(current[field], desired[field])) out.push({ field, before: current[field], after: desired[field] });
  if (!same(current.rules, desired.rules)) out.push({ field: 'rules', before: current.rules, after: desired.rules });
  return out;
}

/**
 * What the file can only be checked for against the server, before anything is written: types
 * are fixed at creation; segment and prerequisite references name something that will exist.
 */
export function serverProblems(desired: DesiredState, server: ServerState, opts: { prune: boolean; locate: Locate }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const segments = new Set([...desired.segments.map((s) => s.key), ...(opts.prune ? [] : server.segments.keys())]);
  const variationCounts = new Map<string, number>();
  if (!opts.prune) for (const f of server.flags.values()) variationCounts.set(f.key, f.variations.length);
  for (const f of desired.flags) {
    const existing = server.flags.get(f.key) ?? server.archived.get(f.key);
    variationCounts.set(f.key, f.variations?.length ?? existing?.variations.length ?? 0);
  }
  desired.flags.forEach((f, i) => {
    const existing: FlagView | undefined = server.flags.get(f.key) ?? server.archived.get(f.key);
    if (existing && existing.type !== f.type)
      issues.push(opts.locate(['flags', i, 'type'], `is "${f.type}" but "${f.key}" is a ${existing.type} flag on the server: a flag's type is fixed when it is created`));
    if (existing && f.variationType !== undefined && existing.variationType !== f.variationType)
      issues.push(opts.locate(['flags', i, 'variationType'], `is "${f.variationType}" but "${f.key}" serves ${existing.variationType} values on the server: fixed when it is created`));
    if (!f.config) return;
    f.config.rules.forEach((rule, r) =>
      rule.clauses.forEach((clause, c) => {
        if (clause.op !== 'segmentMatch') return;
        clause.values.forEach((v, n) => {
          if (!segments.has(String(v)))
            issues.push(opts.locate(['flags', i, 'config', 'rules', r, 'clauses', c, 'values', n], `names no segment of ${server.environment}, in the file${opts.prune ? '' : ' or on the server'}: ${JSON.stringify(v)}`));
        });
      }),
    );
    for (const issue of checkPrerequisites(f.key, f.config.prerequisites, (key) => (variationCounts.has(key) ? { variations: variationCounts.get(key)! } : undefined)))
      issues.push(opts.locate(['flags', i, 'config', ...issue.path], issue.message));
  });
  return issues;
}
