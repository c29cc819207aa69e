import type { SegmentRule } from '@switchyard/core';
import type { SegmentEdit } from '../../api/types';
import { jsonEqual } from '../../lib/json-equal';
import { ClauseText } from '../targeting/TargetingReadView';
import { ChangeRows, Text, Words, type ChangeRow } from './ChangeRows';

type SegmentFields = Required<SegmentEdit>;

/**
 * A segment change as people read it: name, description, included and excluded keys, rules as text.
 * `before` null: the segment does not exist yet (a new one). `deleted`: the change removes it.
 */
export function SegmentChangeText({ before, change, deleted = false }: { before: SegmentFields | null; change: SegmentEdit; deleted?: boolean }) {
  if (deleted) return <p>Deletes the segment{before ? ` “${before.name}”` : ''}: SDKs stop matching it.</p>;
  const empty: SegmentFields = { name: '', description: '', included: [], excluded: [], rules: [] };
  const was = before ?? empty;
  const rows: ChangeRow[] = [];
  const changed = <K extends keyof SegmentFields>(k: K) => change[k] !== undefined && !jsonEqual(change[k], was[k]);
  if (changed('name')) rows.push({ label: 'Name', was: <Text text={was.name} />, now: <Text text={change.name} /> });
  if (changed('description')) rows.push({ label: 'Description', was: <Text text={was.description} />, now: <Text text={change.description} /> });
  if (changed('included')) rows.push({ label: 'Included', was: <Words list={was.included} />, now: <Words list={change.included!} /> });
  if (changed('excluded')) rows.push({ label: 'Excluded', was: <Words list={was.excluded} />, now: <Words list={change.excluded!} /> });
  if (changed('rules')) rows.push({ label: 'Rules', was: <Rules rules={was.rules} />, now: <Rules rules={change.rules!} /> });
  return <ChangeRows rows={rows} none="No change to the segment as it is now." />;
}

function Rules({ rules }: { rules: readonly SegmentRule[] }) {
  if (rules.length === 0) return <span className="muted">none</span>;
  return (
    <ol className="read-list read-list--numbered">
      {rules.map((r, i) => (
        <li key={r.id ?? i}>{r.clauses.length === 0 ? 'Everyone' : r.clauses.map((c, n) => <ClauseText key={n} clause={c} first={n === 0} />)}</li>
      ))}
    </ol>
  );
}
