import type { ClauseTrace, EvaluationTrace, RuleTrace, ServeTrace } from '@switchyard/core';
import { brief } from './table';

/** A trace as lines of text: the result and the deciding step first, then every step taken, indented. */
export function describeTrace(trace: EvaluationTrace, indent = ''): string[] {
  const r = trace.result;
  const lines = [
    `${indent}${trace.flagKey}: ${brief(r.value, 60)}${r.variant !== undefined ? ` (variant "${r.variant}")` : ''}, reason ${r.reason}${r.errorCode ? ` ${r.errorCode}` : ''}`,
    `${indent}  because ${trace.decision.message}`,
  ];
  if (!trace.found) return lines;
  lines.push(`${indent}  kill switch: ${trace.killed ? 'ENGAGED' : 'off'}; flag ${trace.enabled ? 'on' : 'off'}${trace.version !== null ? `; version ${trace.version}` : ''}`);
  if (trace.problem) lines.push(`${indent}  problem: ${trace.problem.message}`);
  for (const p of trace.prerequisites ?? []) {
    const served = p.servedVariant !== null ? `served "${p.servedVariant}"` : p.found ? (p.killed ? 'killed' : p.enabled ? 'served nothing' : 'off') : 'missing';
    lines.push(`${indent}  prerequisite ${p.flag}: needs "${p.requiredVariant ?? `#${p.requiredVariation}`}", ${served} → ${p.met ? 'met' : 'NOT MET'}${p.note ? ` (${p.note})` : ''}`);
    if (p.trace) lines.push(...describeTrace(p.trace, `${indent}    `));
  }
  if (trace.targets) {
    const t = trace.targets;
    lines.push(`${indent}  targets: ${!t.configured ? 'none' : t.matched ? `key "${t.key}" → "${t.variant}"` : `key ${t.key === null ? '(none)' : `"${t.key}"`} not listed`}`);
  }
  for (const rule of trace.rules ?? []) lines.push(...describeRule(rule, `${indent}  `));
  if (trace.fallthrough) lines.push(`${indent}  fallthrough: ${describeServe(trace.fallthrough)}`);
  return lines;
}

function describeRule(rule: RuleTrace, indent: string): string[] {
  const name = `rule ${rule.index}${rule.id !== undefined ? ` (${rule.id})` : ''}`;
  const outcome = rule.matched ? (rule.reached ? 'MATCHED' : 'would match (not reached: an earlier rule matched)') : `no match${rule.failedClause !== undefined ? ` (clause ${rule.failedClause} failed)` : ''}${rule.reached ? '' : ', not reached'}`;
  const lines = [`${indent}${name}: ${outcome}`];
  for (const clause of rule.clauses) lines.push(...describeClause(clause, `${indent}  `));
  if (rule.serve) lines.push(`${indent}  serves ${describeServe(rule.serve)}`);
  return lines;
}

function describeClause(c: ClauseTrace, indent: string): string[] {
  const values = `${brief(c.values, 80)}${c.valuesOmitted ? ` (+${c.valuesOmitted} more)` : ''}`;
  const mark = c.matched ? '✓' : '✗';
  if (c.segments) {
    const lines = [`${indent}${mark} ${c.negate ? 'not ' : ''}in segment ${values}`];
    for (const s of c.segments) {
      const why = s.included ? 'key included' : s.excluded ? 'key excluded' : s.rules.some((r) => r.matched) ? `segment rule ${s.rules.find((r) => r.matched)?.index} matched` : 'no segment rule matched';
      lines.push(`${indent}    ${s.key}: ${s.member ? 'member' : 'not a member'} (${why})`);
    }
    return lines;
  }
  const seen = c.missing ? 'missing' : brief(c.seen, 60);
  return [`${indent}${mark} ${c.attribute} ${c.negate ? 'not ' : ''}${c.op} ${values}: saw ${seen}`];
}

function describeServe(s: ServeTrace): string {
  if (s.kind === 'variation') return `"${s.variant ?? `#${s.variation}`}"`;
  const ranges = s.ranges.map((r) => `${r.variant ?? `#${r.variation}`} [${r.from}, ${r.to})`).join(', ');
  if (s.bucket === undefined) return `rollout by ${s.bucketBy}: the context has no usable ${s.bucketBy} (ranges ${ranges})`;
  return `rollout by ${s.bucketBy} "${s.input}": bucket ${s.bucket} of ${ranges}`;
}
