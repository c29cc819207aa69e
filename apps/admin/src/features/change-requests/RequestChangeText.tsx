import type { DefinitionEdit, FlagView, RequestChange, SegmentEdit, SegmentView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { Link } from '../../app/router';
import { useResource } from '../../lib/use-resource';
import { pickSegment } from '../segments/segment-draft';
import { ConfigChangeText } from './ConfigChangeText';
import { DefinitionChangeText } from './DefinitionChangeText';
import { SegmentChangeText } from './SegmentChangeText';

const SEGMENT_FIELDS = ['name', 'description', 'included', 'excluded', 'rules'] as const;
const DEFINITION_FIELDS = ['name', 'description', 'owner', 'tags', 'expiresAt', 'variations', 'offVariation', 'clientSide'] as const;

/** Only the named fields of a change (what it sets), as the editor's edit type. */
function fieldsOf<T>(change: RequestChange, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (change[f] !== undefined) out[f] = change[f];
  return out as T;
}

export const segmentEditOf = (change: RequestChange): SegmentEdit => fieldsOf<SegmentEdit>(change, SEGMENT_FIELDS);
export const definitionEditOf = (change: RequestChange): DefinitionEdit => fieldsOf<DefinitionEdit>(change, DEFINITION_FIELDS);
export const isSegmentOp = (op: string) => op.startsWith('segment.');

/** One change of a request in sentences, against what is live now. */
export function RequestChangeText({ env, change }: { env: string; change: RequestChange }) {
  return isSegmentOp(change.op) ? <SegmentText env={env} change={change} /> : <FlagText env={env} change={change} />;
}

function SegmentText({ env, change }: { env: string; change: RequestChange }) {
  const api = useApi();
  const creates = change.op === 'segment.create';
  const segment = useResource<SegmentView | null>(() => (creates ? Promise.resolve(null) : api.segments.get(env, change.key)), `segment|${env}|${change.key}|${change.op}`);
  const heading = (
    <h3 className="section-title">
      {creates ? <code>{change.key}</code> : <Link to={`/segments/${encodeURIComponent(env)}/${encodeURIComponent(change.key)}`}>{change.key}</Link>}{' '}
      <span className="muted">({change.op})</span>
    </h3>
  );
  if (segment.data === undefined) return heading;
  return (
    <div>
      {heading}
      <SegmentChangeText before={segment.data ? pickSegment(segment.data) : null} change={segmentEditOf(change)} deleted={change.op === 'segment.delete'} />
    </div>
  );
}

function FlagText({ env, change }: { env: string; change: RequestChange }) {
  const api = useApi();
  const flag = useResource<FlagView>(() => api.flags.get(change.key), `flag|${change.key}`);
  const heading = (
    <h3 className="section-title">
      <Link to={`/flags/${change.key}?env=${env}`}>{change.key}</Link> <span className="muted">({change.op})</span>
    </h3>
  );
  const config = flag.data?.environments[env];
  if (!flag.data || !config) return heading;
  const names = flag.data.variations.map((v, i) => v.name || `variation ${i}`);
  const edit = change.op === 'flag.enable' ? { enabled: true } : change.op === 'flag.disable' ? { enabled: false } : change.op === 'flag.config.update' ? change : null;
  return (
    <div>
      {heading}
      {edit ? (
        <ConfigChangeText before={config} change={edit} variationNames={names} />
      ) : change.op === 'flag.update' ? (
        <>
          <p className="muted small">A change to the flag's definition: it reaches every environment.</p>
          <DefinitionChangeText before={flag.data} change={definitionEditOf(change)} />
        </>
      ) : change.op === 'flag.archive' ? (
        <p>Archives the flag: SDKs stop receiving it in every environment.</p>
      ) : change.op === 'flag.unarchive' ? (
        <p>Brings the flag back from the archive.</p>
      ) : (
        <p className="muted small">A change to the flag ({change.op}).</p>
      )}
    </div>
  );
}
