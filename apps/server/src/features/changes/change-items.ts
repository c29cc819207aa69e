import type { EvaluableFlag, Segment } from '@switchyard/core';
import type { ChangeRecord } from '../../db/records';

/** One flag or segment a change upserts (with `data`, as SDKs get it) or deletes (`data` null). */
export type ChangeItem =
  | { kind: 'flag'; key: string; op: 'upsert'; data: EvaluableFlag }
  | { kind: 'segment'; key: string; op: 'upsert'; data: Segment }
  | { kind: 'flag' | 'segment'; key: string; op: 'delete'; data: null };

/** An item as the change log keeps it: its data as JSON text (null for a delete). */
export interface ItemRecord {
  kind: 'flag' | 'segment';
  key: string;
  json: string | null;
}

/** The payload of a `batch` record holding `items`, written from each item's JSON text without re-encoding it. */
export function batchPayload(items: Iterable<ItemRecord>): string {
  const parts: string[] = [];
  for (const i of items)
    parts.push(`{"kind":${JSON.stringify(i.kind)},"key":${JSON.stringify(i.key)},"op":"${i.json === null ? 'delete' : 'upsert'}","data":${i.json ?? 'null'}}`);
  return `{"items":[${parts.join(',')}]}`;
}

/** Batches parsed once for every reader of the same published record (the hub, each admin event stream). */
const parsedBatches = new WeakMap<ChangeRecord, ChangeItem[]>();

/**
 * The items a change record holds: its one item, or a batch's items in the order they were written.
 * A batch's items are parsed once per record and shared: treat them as read-only.
 */
export function itemsOf(change: ChangeRecord): ChangeItem[] {
  if (change.kind === 'batch') {
    let items = parsedBatches.get(change);
    if (!items) parsedBatches.set(change, (items = change.payload === null ? [] : (JSON.parse(change.payload) as { items: ChangeItem[] }).items));
    return items;
  }
  if (change.op === 'delete' || change.payload === null) return [{ kind: change.kind, key: change.key, op: 'delete', data: null }];
  const data: unknown = JSON.parse(change.payload);
  return [change.kind === 'flag' ? { kind: 'flag', key: change.key, op: 'upsert', data: data as EvaluableFlag } : { kind: 'segment', key: change.key, op: 'upsert', data: data as Segment }];
}
