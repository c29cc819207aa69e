import { encode, type EvaluableFlag, type Segment } from '@switchyard/core';
import type { ChangeRecord } from '../../db/records';

/** The patch or delete frame server SDKs get for one committed change. */
export function changeFrame(change: ChangeRecord): string {
  if (change.op === 'delete' || change.payload === null) return encode({ type: 'delete', version: change.version, kind: change.kind, key: change.key });
  const data = JSON.parse(change.payload) as EvaluableFlag | Segment;
  return change.kind === 'flag'
    ? encode({ type: 'patch', version: change.version, kind: 'flag', key: change.key, data: data as EvaluableFlag })
    : encode({ type: 'patch', version: change.version, kind: 'segment', key: change.key, data: data as Segment });
}
