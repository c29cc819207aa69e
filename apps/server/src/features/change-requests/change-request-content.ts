import { createHash } from 'node:crypto';
import type { PlanChange } from '@switchyard/api';

/**
 * JSON with object keys sorted (by code unit) at every level and no white space: one text per
 * value, whatever order its keys were sent in. Undefined members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What a change request's reviewers approve: the environment and its changes, in order. */
export interface ChangeContent {
  environment: string;
  changes: PlanChange[];
}

/** What a follow-up review is about: something done without review (a restore), already applied. */
export interface FollowUpContent {
  environment: string;
  followUp: { action: 'flag.restore'; flag: string; by: string; reason: string; killed: unknown };
}

/** The canonical text and its hash: what an approval is bound to. */
export function contentOf(content: ChangeContent | FollowUpContent): { content: string; contentHash: string } {
  const text = canonicalJson(content);
  return { content: text, contentHash: sha256(text) };
}
