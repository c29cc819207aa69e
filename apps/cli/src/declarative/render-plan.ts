import { describeFieldChange, variationNamer, type VariationNamer } from '@switchyard/core';
import { brief, plural } from '../format/table';
import { same } from './canonical';
import type { Change, FieldChange, Plan } from './plan';

const SET_FIELDS = new Set(['tags', 'included', 'excluded']);

/** How one change reads: `~ flag new-checkout  config in production`. */
function headline(c: Change, env: string): [symbol: string, subject: string, what: string] {
  switch (c.op) {
    case 'segment.create':
      return ['+', `segment ${c.key}`, `create in ${env}`];
    case 'segment.update':
      return ['~', `segment ${c.key}`, `update in ${env}`];
    case 'segment.delete':
      return ['-', `segment ${c.key}`, `delete from ${env} (--prune: not in the file)`];
    case 'flag.create':
      return ['+', `flag ${c.key}`, `create: ${String(c.body.type)} flag owned by ${String(c.body.owner)} (off everywhere)`];
    case 'flag.unarchive':
      return ['~', `flag ${c.key}`, 'unarchive (it is in the file)'];
    case 'flag.update':
      return ['~', `flag ${c.key}`, 'definition (shared by every environment)'];
    case 'flag.config.update':
      return ['~', `flag ${c.key}`, `targeting in ${env}`];
    case 'flag.enable':
      return ['~', `flag ${c.key}`, `turn ON in ${env}`];
    case 'flag.disable':
      return ['~', `flag ${c.key}`, `turn OFF in ${env}`];
    case 'flag.archive':
      return ['-', `flag ${c.key}`, c.force ? 'archive (--prune: not in the file) although KILLED (--force)' : 'archive (--prune: not in the file)'];
  }
}

/** Targeting fields in words (core's describer: variation names, percentages, rule sentences); `--json` has the raw values. */
const DESCRIBED = new Set(['targets', 'rules', 'fallthrough', 'prerequisites', 'offVariation']);

function describedLines(f: FieldChange, name: VariationNamer, namesOf: (flag: string) => VariationNamer): string[] | undefined {
  if (!DESCRIBED.has(f.field)) return undefined;
  const d = describeFieldChange(f.field, f.before, f.after, name, namesOf);
  if (!d) return undefined;
  const pad = '      ';
  if (d.before.length === 1 && d.after.length === 1 && d.before[0]!.length + d.after[0]!.length <= 100) return [`${pad}${d.label}: ${d.before[0]} → ${d.after[0]}`];
  // One line per rule or target: only the lines that go (-) and come (+).
  const gone = d.before.filter((l) => !d.after.includes(l));
  const come = d.after.filter((l) => !d.before.includes(l));
  return [`${pad}${d.label}:`, ...gone.map((l) => `${pad}  - ${l}`), ...come.map((l) => `${pad}  + ${l}`)];
}

function fieldLines(f: FieldChange, name?: VariationNamer, namesOf?: (flag: string) => VariationNamer): string[] {
  const pad = '      ';
  const described = name && namesOf ? describedLines(f, name, namesOf) : undefined;
  if (described) return described;
  if (SET_FIELDS.has(f.field) && Array.isArray(f.before) && Array.isArray(f.after)) {
    const before = new Set(f.before as string[]);
    const after = new Set(f.after as string[]);
    const added = [...after].filter((v) => !before.has(v)).map((v) => `+${v}`);
    const removed = [...before].filter((v) => !after.has(v)).map((v) => `-${v}`);
    return [`${pad}${f.field}: ${[...added, ...removed].join(' ') || '(reordered)'}`];
  }
  if (Array.isArray(f.before) && Array.isArray(f.after) && (f.before.length > 0 || f.after.length > 0) && !isScalarList(f.before, f.after)) {
    const lines = [`${pad}${f.field}: ${f.before.length} → ${f.after.length}`];
    for (let i = 0; i < Math.max(f.before.length, f.after.length); i++) {
      const b = f.before[i];
      const a = f.after[i];
      if (same(a, b)) continue;
      if (b !== undefined) lines.push(`${pad}  [${i}] - ${brief(b, 160)}`);
      if (a !== undefined) lines.push(`${pad}  [${i}] + ${brief(a, 160)}`);
    }
    return lines;
  }
  const b = brief(f.before, 160);
  const a = brief(f.after, 160);
  if (b.length + a.length <= 100) return [`${pad}${f.field}: ${b} → ${a}`];
  return [`${pad}${f.field}:`, `${pad}  - ${b}`, `${pad}  + ${a}`];
}

function isScalarList(...lists: unknown[][]): boolean {
  return lists.every((l) => l.every((v) => v === null || typeof v !== 'object'));
}

function bodyLines(c: Change, plan: Plan): string[] {
  if (c.op === 'segment.create') {
    const b = c.body as { included?: string[]; excluded?: string[]; rules?: unknown[] };
    return [`      included: ${b.included?.length ?? 0}, excluded: ${b.excluded?.length ?? 0}, rules: ${b.rules?.length ?? 0}`];
  }
  if ('fields' in c && c.op !== 'segment.update') {
    const namesOf = (flag: string) => variationNamer(plan.variations?.[flag]);
    return c.fields.flatMap((f) => fieldLines(f, namesOf(c.key), namesOf));
  }
  if ('fields' in c) return c.fields.flatMap((f) => fieldLines(f));
  return [];
}

/** The plan as people review it (a dry-run, a CI log, a pull request comment). */
export function renderPlan(plan: Plan, source: string): string {
  const lines = [`Plan for environment "${plan.environment}" from ${source}:`, ''];
  if (plan.changes.length === 0) lines.push('  No changes: the environment matches the file.');
  const heads = plan.changes.map((c) => headline(c, plan.environment));
  const width = Math.max(0, ...heads.map(([, subject]) => subject.length));
  plan.changes.forEach((c, i) => {
    const [symbol, subject, what] = heads[i]!;
    lines.push(`  ${symbol} ${subject.padEnd(width)}  ${what}`, ...bodyLines(c, plan));
  });
  if (plan.notes.length > 0) lines.push('', ...plan.notes.map((n) => `  note: ${n}`));
  lines.push('', summary(plan));
  return lines.join('\n');
}

export function summary(plan: Plan): string {
  if (plan.changes.length === 0) return 'No changes.';
  const count = (ops: string[]) => plan.changes.filter((c) => ops.includes(c.op)).length;
  const parts = [
    [count(['flag.create', 'segment.create']), 'to create'],
    [count(['flag.update', 'flag.config.update', 'flag.enable', 'flag.disable', 'flag.unarchive', 'segment.update']), 'to update'],
    [count(['flag.archive']), 'to archive'],
    [count(['segment.delete']), 'to delete'],
  ] as const;
  return `${plural(plan.changes.length, 'change')}: ${parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`).join(', ')}.`;
}
