import type { EvaluableFlag, Segment } from '@switchyard/core';
import type { ChangeRecord } from '../../db/records';
import { sharedFrame } from './frame';

/** The patch or delete frame server SDKs get for one committed change, as shared bytes. */
export function changeFrame(change: ChangeRecord, data?: EvaluableFlag | Segment | null): Buffer {
  if (change.op === 'delete' || change.payload === null) return sharedFrame({ type: 'delete', version: change.version, kind: change.kind, key: change.key });
  const payload = data ?? (JSON.parse(change.payload) as EvaluableFlag | Segment);
  return change.kind === 'flag'
    ? sharedFrame({ type: 'patch', version: change.version, kind: 'flag', key: change.key, data: payload as EvaluableFlag })
    : sharedFrame({ type: 'patch', version: change.version, kind: 'segment', key: change.key, data: payload as Segment });
}
