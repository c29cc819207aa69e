import { checkEnvironmentConfig, checkFlagDefinition, checkSegment, findTextProblem, segmentKeysOf } from '@switchyard/core';
import { keySchema } from '@switchyard/core';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { UsageError, type FieldIssue } from '../errors';
import { fileFlagSchema, fileSegmentSchema, toDesiredState, type DesiredState, type FileFlag, type FileSegment } from './flag-file-schema';

export type Path = readonly (string | number)[];
interface Located {
  path: Path;
  message: string;
}

/** `flags[2].config.rules[0].op` */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out || '(file)';
}

/**
 * Reads a flag file (YAML, or JSON, which is YAML too) and validates it with core's schemas and
 * write-time checks, before anything is sent: every problem names its field and line. References
 * to segments and flags outside the file are checked later, against the server (see plan.ts).
 */
export interface FlagFileSource {
  state: DesiredState;
  /** Names a field of the file with its line: `flags[2].owner (line 14, flag "new-checkout")`. */
  locate(path: Path, message: string): FieldIssue;
}

/** A flag file read as far as it can be: the state its valid entries mean, and every problem found in it. */
export interface InspectedFlagFile extends FlagFileSource {
  /**
   * Every problem of the file at once (schema, text, write-time checks), each with its field and line,
   * in file order. `state` holds only the entries without problems; `locate` takes paths into it.
   */
  problems: FieldIssue[];
}

/** Reads a flag file and throws a UsageError listing every problem it has (see {@link inspectFlagFile}). */
export function readFlagFile(text: string, fileName: string): FlagFileSource {
  const inspected = inspectFlagFile(text, fileName);
  if (inspected.problems.length > 0) throw new UsageError(`${fileName} is not a valid flag file`, inspected.problems);
  return inspected;
}

/** The top of a flag file; each entry of `flags` and `segments` is checked on its own, so one bad entry hides no other problem. */
const fileTopSchema = z.strictObject({ environment: keySchema, flags: z.array(z.unknown()).optional(), segments: z.array(z.unknown()).optional() });

/**
 * Reads a flag file and checks all of it in one pass: each flag and segment against the schema, the
 * text no store can hold, and core's write-time checks on the entries that passed. Throws only when
 * the file cannot be read at all (not YAML or JSON).
 */
export function inspectFlagFile(text: string, fileName: string): InspectedFlagFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ path: `line ${lineCounter.linePos(e.pos[0]).line}`, message: e.message.split('\n')[0] ?? e.message }));
    throw new UsageError(`${fileName} is not valid YAML or JSON`, issues);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new UsageError(`${fileName} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const problems: Located[] = [];
  // Text the server would refuse as no database stores it as sent (NUL, an unpaired "\ud800" escape).
  const unstorable = findTextProblem(data);
  if (unstorable) problems.push(unstorable);
  const top = fileTopSchema.safeParse(data);
  if (!top.success) problems.push(...zodIssues(top.error.issues));
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const spoiled = (section: string, i: number) => unstorable != null && unstorable.path[0] === section && unstorable.path[1] === i;
  // Each entry on its own, so a mistake in one flag hides no mistake in another.
  const flags = entries(record.flags, 'flags', fileFlagSchema, problems, spoiled);
  const segments = entries(record.segments, 'segments', fileSegmentSchema, problems, spoiled);
  const environment = top.success ? top.data.environment : typeof record.environment === 'string' ? record.environment : '';
  const state = toDesiredState({ environment, flags: flags.map((f) => f.value), segments: segments.map((s) => s.value) });
  // Checks on the entries that passed, in state indexes, then named by their index in the file.
  const indexes: Record<string, readonly number[]> = { flags: flags.map((f) => f.index), segments: segments.map((s) => s.index) };
  const inFile = (path: Path): Path => {
    const [section, i, ...rest] = path;
    const index = typeof section === 'string' && typeof i === 'number' ? indexes[section]?.[i] : undefined;
    return index === undefined ? path : [section as string, index, ...rest];
  };
  const checked = [...fileChecks(flags, segments), ...desiredChecks(state).map((p) => ({ ...p, path: inFile(p.path) }))];
  const located = [...problems, ...checked].map((i) => locate(doc, lineCounter, data, i));
  return { state, problems: inFileOrder(located), locate: (path, message) => locate(doc, lineCounter, data, { path: inFile(path), message }) };
}

/** Issues sorted by the line they name (stable; those without a line first). */
export function inFileOrder(issues: readonly FieldIssue[]): FieldIssue[] {
  const lineOf = (i: FieldIssue) => Number(/\bline (\d+)/.exec(i.path)?.[1] ?? 0);
  return [...issues].sort((a, b) => lineOf(a) - lineOf(b));
}

/** The entries of a section that pass `schema` (with their index in the file); the others' issues go to `problems`. */
function entries<T>(list: unknown, section: string, schema: z.ZodType<T>, problems: Located[], spoiled: (section: string, i: number) => boolean): { value: T; index: number }[] {
  if (!Array.isArray(list)) return [];
  const out: { value: T; index: number }[] = [];
  list.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) problems.push(...zodIssues(parsed.error.issues, [section, index]));
    else if (!spoiled(section, index)) out.push({ value: parsed.data, index });
  });
  return out;
}

/** Field and line of one problem: `flags[2].owner (line 14, flag "new-checkout")`. */
function locate(doc: Document, lc: LineCounter, data: unknown, issue: Located): FieldIssue {
  let line: number | undefined;
  for (let n = issue.path.length; n >= 0 && line === undefined; n--) {
    const node = doc.getIn(issue.path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (n === 0) {
      const contents = doc.contents as { range?: [number, number, number] } | null;
      if (contents?.range) line = lc.linePos(contents.range[0]).line;
    } else if (node?.range) line = lc.linePos(node.range[0]).line;
  }
  const context: string[] = [];
  if (line !== undefined) context.push(`line ${line}`);
  const [section, index] = issue.path;
  if ((section === 'flags' || section === 'segments') && typeof index === 'number') {
    const key = (data as Record<string, { key?: unknown }[] | undefined>)[section]?.[index]?.key;
    if (typeof key === 'string') context.push(`${section === 'flags' ? 'flag' : 'segment'} "${key}"`);
  }
  return { path: `${formatPath(issue.path)}${context.length > 0 ? ` (${context.join(', ')})` : ''}`, message: issue.message };
}

/** zod issues as `{path, message}`, the way the server words them (parse-input.ts). */
function zodIssues(issues: readonly z.core.$ZodIssue[], prefix: Path = []): Located[] {
  const out: Located[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: UNKNOWN_FIELDS[key] ?? 'is not a known field' });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      const nested = zodIssues(best, path);
      out.push(...(nested.length > 0 ? nested : [{ path, message: issue.message }]));
    } else {
      out.push({ path, message: issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'is required' : issue.message });
    }
  }
  return out;
}

/** Server bookkeeping someone pasted from an API answer: say why it does not belong. */
const UNKNOWN_FIELDS: Record<string, string> = {
  version: 'is server bookkeeping: a flag file holds desired state only (the server versions each change)',
  createdAt: 'is server bookkeeping: a flag file holds desired state only',
  updatedAt: 'is server bookkeeping: a flag file holds desired state only',
  archivedAt: 'is not desired state: archive a flag by removing it from the file and applying with --prune',
  killed: 'is not desired state: a kill is an incident action (switchyard flags kill / restore), never part of a flag file',
  environments: 'is not part of a flag file: each file holds one environment, its config under "config"',
};

function duplicates(keys: readonly { key: string; index: number }[], section: string): Located[] {
  const seen = new Map<string, number>();
  const out: Located[] = [];
  for (const { key, index } of keys) {
    const first = seen.get(key);
    if (first !== undefined) out.push({ path: [section, index, 'key'], message: `duplicates ${section}[${first}]: each key appears once` });
    else seen.set(key, index);
  }
  return out;
}

/** Checks on the file as written (paths are file indexes): duplicate keys, fields a migration flag may not have. */
function fileChecks(flags: readonly { value: FileFlag; index: number }[], segments: readonly { value: FileSegment; index: number }[]): Located[] {
  const out = [...duplicates(flags.map((f) => ({ key: f.value.key, index: f.index })), 'flags'), ...duplicates(segments.map((s) => ({ key: s.value.key, index: s.index })), 'segments')];
  for (const { value: f, index: i } of flags) {
    if (f.type === 'migration') {
      for (const field of ['variationType', 'variations', 'offVariation', 'config'] as const)
        if (f[field] !== undefined) out.push({ path: ['flags', i, field], message: 'is managed by the migration stage machine: leave it out (move stages with switchyard migration move)' });
    } else if (f.variations === undefined && (f.variationType ?? 'boolean') !== 'boolean') {
      out.push({ path: ['flags', i, 'variations'], message: `are required for ${f.variationType} flags` });
    }
  }
  return out;
}

/** Core's write-time checks, the server's own, on the state the file means. */
function desiredChecks(state: DesiredState): Located[] {
  const out: Located[] = [];
  state.flags.forEach((f, i) => {
    if (f.variationType === undefined || f.variations === undefined || f.offVariation === undefined || f.config === undefined) return;
    const def = { key: f.key, type: f.type, expiresAt: f.expiresAt === undefined ? '' : f.expiresAt, variationType: f.variationType, variations: f.variations, offVariation: f.offVariation };
    for (const issue of checkFlagDefinition(def)) out.push({ path: ['flags', i, ...issue.path], message: issue.message });
    // Segment references are checked against the file and the server later; here, only their shape.
    const referenced = new Set([...state.segments.map((s) => s.key), ...f.config.rules.flatMap((r) => segmentKeysOf(r.clauses))]);
    for (const issue of checkEnvironmentConfig({ key: f.key, variations: f.variations }, f.config, referenced))
      out.push({ path: ['flags', i, 'config', ...issue.path], message: issue.message });
  });
  state.segments.forEach((s, i) => {
    for (const issue of checkSegment(s)) out.push({ path: ['segments', i, ...issue.path], message: issue.message });
  });
  return out;
}
