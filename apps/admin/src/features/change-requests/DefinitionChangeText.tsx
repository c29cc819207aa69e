import type { FlagDefinition, Variation } from '@switchyard/core';
import type { DefinitionEdit } from '../../api/types';
import { formatDate } from '../../lib/format';
import { jsonEqual } from '../../lib/json-equal';
import { ChangeRows, Text, Words, type ChangeRow } from './ChangeRows';

type Before = Pick<FlagDefinition, 'name' | 'description' | 'owner' | 'tags' | 'expiresAt' | 'variations' | 'offVariation' | 'clientSide'>;

/**
 * A change to a flag's definition as people read it: variations by name and value, the off variation
 * by name, exposure in words. It reaches every environment, which the caller says.
 */
export function DefinitionChangeText({ before, change }: { before: Before; change: DefinitionEdit }) {
  const rows: ChangeRow[] = [];
  const changed = <K extends keyof Before>(k: K) => change[k] !== undefined && !jsonEqual(change[k], before[k]);
  const variations = change.variations ?? before.variations;
  const nameIn = (list: readonly Variation[], i: number) => list[i]?.name || `variation ${i}`;
  if (changed('name')) rows.push({ label: 'Name', was: <Text text={before.name} />, now: <Text text={change.name} /> });
  if (changed('description')) rows.push({ label: 'Description', was: <Text text={before.description} />, now: <Text text={change.description} /> });
  if (changed('owner')) rows.push({ label: 'Owner', was: <Text text={before.owner} />, now: <Text text={change.owner} /> });
  if (changed('tags')) rows.push({ label: 'Tags', was: <Words list={before.tags} />, now: <Words list={change.tags!} /> });
  if (changed('expiresAt')) rows.push({ label: 'Expires', was: <Expiry at={before.expiresAt} />, now: <Expiry at={change.expiresAt ?? null} /> });
  if (changed('variations')) rows.push({ label: 'Variations', was: <Variations list={before.variations} />, now: <Variations list={variations} /> });
  if (changed('offVariation') || (changed('variations') && nameIn(before.variations, before.offVariation) !== nameIn(variations, change.offVariation ?? before.offVariation)))
    rows.push({ label: 'Off variation', was: nameIn(before.variations, before.offVariation), now: nameIn(variations, change.offVariation ?? before.offVariation) });
  if (changed('clientSide'))
    rows.push({ label: 'Client-side', was: before.clientSide ? 'exposed to browser SDKs' : 'server-side only', now: change.clientSide ? 'exposed to browser SDKs' : 'server-side only' });
  return <ChangeRows rows={rows} none="No change to the definition as it is now." />;
}

function Expiry({ at }: { at: string | null }) {
  return at ? formatDate(at) : <span className="muted">never</span>;
}

function Variations({ list }: { list: readonly Variation[] }) {
  return (
    <ol className="read-list" start={0}>
      {list.map((v, i) => (
        <li key={i}>
          <strong>{v.name || `variation ${i}`}</strong> = {typeof v.value === 'string' ? `“${v.value}”` : JSON.stringify(v.value)}
        </li>
      ))}
    </ol>
  );
}
