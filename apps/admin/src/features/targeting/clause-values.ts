import { OPERATOR_PHRASES, type Clause, type Operator } from '@switchyard/core';

type Scalar = Clause['values'][number];

/** How a clause's typed values are read. Only `in`/`notIn` let a person choose. */
export type ValueKind = 'string' | 'number' | 'boolean';

const NUMERIC_OPS: ReadonlySet<Operator> = new Set(['lt', 'lte', 'gt', 'gte']);

/** The value kind an operator forces, or null when the person picks (in / notIn). */
export function forcedKind(op: Operator): ValueKind | null {
  if (op === 'in' || op === 'notIn') return null;
  return NUMERIC_OPS.has(op) ? 'number' : 'string';
}

/** The kind existing values have (all numbers → number, all booleans → boolean, else string). */
export function kindOfValues(values: readonly Scalar[]): ValueKind {
  if (values.length > 0 && values.every((v) => typeof v === 'number')) return 'number';
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'string';
}

export type ValueParse = { ok: true; value: Scalar } | { ok: false; message: string };

/** Reads one typed value for a clause with operator `op`; `kind` is used for in/notIn. */
export function parseClauseValue(text: string, op: Operator, kind: ValueKind): ValueParse {
  const k = forcedKind(op) ?? kind;
  const t = op === 'matches' ? text : text.trim();
  if (t === '') return { ok: false, message: 'enter a value' };
  if (k === 'number') {
    const n = Number(t);
    return Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? { ok: true, value: n } : { ok: false, message: `"${t}" is not a number` };
  }
  if (k === 'boolean') {
    if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
    return { ok: false, message: 'must be true or false' };
  }
  return { ok: true, value: t };
}

/** Converts existing values to a new kind, dropping the ones that do not convert. */
export function convertValues(values: readonly Scalar[], op: Operator, kind: ValueKind): Scalar[] {
  const out: Scalar[] = [];
  for (const v of values) {
    const p = parseClauseValue(String(v), op, kind);
    if (p.ok && !out.some((o) => o === p.value)) out.push(p.value);
  }
  return out;
}

/** A value as a chip shows it. */
export function showValue(v: Scalar): string {
  return typeof v === 'string' ? v : String(v);
}

/** Short help for what an operator's values are. */
export function valueHint(op: Operator): string {
  switch (op) {
    case 'matches':
      return 'a regular expression (bounded)';
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return 'a number';
    case 'before':
    case 'after':
      return 'an ISO date (2025-01-31) or epoch ms';
    case 'semverEq':
    case 'semverLt':
    case 'semverGt':
      return 'a version, e.g. 2.1.0';
    case 'segmentMatch':
      return 'segment keys';
    default:
      return 'values; Enter adds one';
  }
}

/** Operators as a person reads them: core's phrases, the same the audit log and CLI plans use. */
export const OPERATOR_LABELS: Readonly<Record<Operator, string>> = OPERATOR_PHRASES;
