import type { EnvironmentConfig, Rule, Target } from '@switchyard/core';
import { jsonEqual } from '../../lib/json-equal';
import type { ConfigEdit } from '../../api/types';
import { ClauseText, ServeName, ServeText } from '../targeting/TargetingReadView';
import { type ChangeRow, ChangeRows } from './ChangeRows';

interface ConfigChangeTextProps {
  /** The config the change is based on (or the current one). */
  before: Pick<EnvironmentConfig, 'enabled' | 'targets' | 'rules' | 'fallthrough'>;
  /** The fields the change sets. */
  change: ConfigEdit;
  variationNames: readonly string[];
}

/**
 * A targeting change as people read it: for each field it changes, before and after in sentences —
 * variation names, rule text, percentages — never weights or JSON.
 */
export function ConfigChangeText({ before, change, variationNames }: ConfigChangeTextProps) {
  const name = (i: number) => variationNames[i] ?? `variation ${i}`;
  const rows: ChangeRow[] = [];
  if (change.enabled !== undefined && change.enabled !== before.enabled) rows.push({ label: 'State', was: before.enabled ? 'on' : 'off', now: change.enabled ? 'on' : 'off' });
  if (change.targets !== undefined && !jsonEqual(change.targets, before.targets)) rows.push({ label: 'Individual targets', was: <Targets targets={before.targets} name={name} />, now: <Targets targets={change.targets} name={name} /> });
  if (change.rules !== undefined && !jsonEqual(change.rules, before.rules)) rows.push({ label: 'Rules', was: <Rules rules={before.rules} name={name} />, now: <Rules rules={change.rules} name={name} /> });
  if (change.fallthrough !== undefined && !jsonEqual(change.fallthrough, before.fallthrough))
    rows.push({ label: 'Default rule', was: <ServeText serve={before.fallthrough} name={name} />, now: <ServeText serve={change.fallthrough} name={name} /> });
  return <ChangeRows rows={rows} none="No change to the targeting as it is now." />;
}

function Targets({ targets, name }: { targets: readonly Target[]; name: (i: number) => string }) {
  const shown = targets.filter((t) => t.values.length > 0);
  if (shown.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="read-list">
      {shown.map((t, i) => (
        <li key={i}>
          <ServeName name={name(t.variation)} /> to {t.values.join(', ')}
        </li>
      ))}
    </ul>
  );
}

function Rules({ rules, name }: { rules: readonly Rule[]; name: (i: number) => string }) {
  if (rules.length === 0) return <span className="muted">none</span>;
  return (
    <ol className="read-list read-list--numbered">
      {rules.map((r, i) => (
        <li key={r.id ?? i}>
          {r.description && <span className="read-list__desc">{r.description}: </span>}
          {r.clauses.length === 0 ? 'Everyone' : r.clauses.map((c, n) => <ClauseText key={n} clause={c} first={n === 0} />)} → <ServeText serve={r.serve} name={name} />
        </li>
      ))}
    </ol>
  );
}
