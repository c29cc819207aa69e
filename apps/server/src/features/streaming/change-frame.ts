import type { ChangeItemMessage, EvaluableFlag, Segment } from '@switchyard/core';
import type { ChangeRecord } from '../../db/records';
import { itemsOf, type ChangeItem } from '../changes/change-items';
import { sharedFrame } from './frame';

/**
 * The frame server SDKs get for one committed change, as shared bytes: a `patch` or `delete` for a
 * change of one item; a `changes` message (protocol 2) for a batch. `items` may be given when the
 * caller has already parsed them. Version-1 connections are sent a snapshot in place of a batch
 * (see {@link needsProtocol2}).
 */
export function changeFrame(change: ChangeRecord, items?: readonly ChangeItem[]): Buffer {
  if (change.kind === 'batch')
    return sharedFrame({ type: 'changes', version: change.version, items: (items ?? itemsOf(change)).map(itemMessage) });
  if (change.op === 'delete' || change.payload === null) return sharedFrame({ type: 'delete', version: change.version, kind: change.kind, key: change.key });
  const data = items?.[0]?.data ?? (JSON.parse(change.payload) as EvaluableFlag | Segment);
  return change.kind === 'flag'
    ? sharedFrame({ type: 'patch', version: change.version, kind: 'flag', key: change.key, data: data as EvaluableFlag })
    : sharedFrame({ type: 'patch', version: change.version, kind: 'segment', key: change.key, data: data as Segment });
}

/** Whether a change can reach SDKs only as a `changes` message (protocol 2). */
export function needsProtocol2(change: Pick<ChangeRecord, 'kind'>): boolean {
  return change.kind === 'batch';
}

function itemMessage(item: ChangeItem): ChangeItemMessage {
  if (item.op === 'delete') return { type: 'delete', kind: item.kind, key: item.key };
  return item.kind === 'flag' ? { type: 'patch', kind: 'flag', key: item.key, data: item.data } : { type: 'patch', kind: 'segment', key: item.key, data: item.data };
}
