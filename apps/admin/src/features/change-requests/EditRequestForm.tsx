import type { EnvironmentConfig } from '@switchyard/core';
import { useMemo, useRef, useState, type FormEvent, type MutableRefObject } from 'react';
import type { ChangeRequest, FlagView, RequestChange, SegmentView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { NO_ERRORS } from '../../lib/field-errors';
import { focusFirstInvalid } from '../../lib/focus';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { buildSegment, changedSegmentFields, pickSegment, segmentToDraft, type SegmentDraft } from '../segments/segment-draft';
import { SegmentFields } from '../segments/SegmentFields';
import { segmentChange } from '../segments/segment-editing';
import { buildConfig, changedConfigFields, configToDraft, EDITED_FIELDS, pickEdited, type ConfigDraft } from '../targeting/config-draft';
import { TargetingEditor } from '../targeting/TargetingEditor';
import { segmentEditOf } from './RequestChangeText';

/** A change of the request the form can edit in place: one targeting change or one segment edit. */
function editable(r: ChangeRequest): 'config' | 'segment' | null {
  if (r.changes.length !== 1) return null;
  const op = r.changes[0]!.op;
  return op === 'flag.config.update' ? 'config' : op === 'segment.update' ? 'segment' : null;
}

interface EditRequestFormProps {
  request: ChangeRequest;
  onDone: (r: ChangeRequest | null) => void;
}

/**
 * The author edits a request: its title and, for a targeting or segment change, the change itself,
 * shown on what is live now (its base becomes the live version: the author sees what they rebase on).
 * Saving makes a new revision and voids every approval, which the form says first.
 */
export function EditRequestForm({ request: r, onDone }: EditRequestFormProps) {
  const kind = editable(r);
  const change = r.changes[0]!;
  const [title, setTitle] = useState(r.title);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const api = useApi();
  // The change editor below keeps here how to build the edited change from its latest draft.
  const builder = useRef<Build>(() => null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const edited = kind ? builder.current() : null;
    if (kind && !edited) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    try {
      const body = { ...(title.trim() !== r.title ? { title: title.trim() } : {}), ...(edited ? { changes: [edited] } : {}) };
      onDone(await api.changeRequests.edit(r.id, body));
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  };

  return (
    <form className="card form" aria-label="Edit the request" onSubmit={submit} noValidate>
      <h3 className="section-title">Edit the request</h3>
      <p className="muted">Saving makes revision {r.revision + 1}: every approval given so far no longer counts, and a schedule is dropped.</p>
      <ErrorBanner error={failure} />
      <Field label="Title">{(p) => <input {...p} className="input" value={title} onChange={(e) => setTitle(e.target.value)} />}</Field>
      {kind === 'config' && <ConfigChangeEditor env={r.environment} change={change} builder={builder} />}
      {kind === 'segment' && <SegmentChangeEditor env={r.environment} change={change} builder={builder} />}
      {!kind && <p className="muted small">The changes of this request are edited by cancelling it and requesting them again.</p>}
      <div className="row">
        <Button onClick={() => onDone(null)} disabled={busy}>
          Discard edit
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          Save as revision {r.revision + 1}
        </Button>
      </div>
    </form>
  );
}

/** Builds the edited change from the editor's draft (null: the draft does not validate; its errors are shown). */
type Build = () => RequestChange | null;
type Ready = MutableRefObject<Build>;

function ConfigChangeEditor({ env, change, builder }: { env: string; change: RequestChange; builder: Ready }) {
  const api = useApi();
  const flag = useResource<FlagView>(() => api.flags.get(change.key), `flag|${change.key}`);
  const segments = useResource(() => api.segments.list(env), `segments|${env}`);
  const config = flag.data?.environments[env];
  if (flag.error) return <ErrorBanner error={flag.error} />;
  if (!flag.data || !config || !segments.data) return <Loading />;
  return <ConfigDraftEditor flag={flag.data} config={config} change={change} segmentKeys={segments.data.map((s) => s.key)} builder={builder} />;
}

function ConfigDraftEditor({ flag, config, change, segmentKeys, builder }: { flag: FlagView; config: EnvironmentConfig; change: RequestChange; segmentKeys: string[]; builder: Ready }) {
  const count = flag.variations.length;
  const proposed = { ...pickEdited(config), ...Object.fromEntries(EDITED_FIELDS.filter((f) => change[f] !== undefined).map((f) => [f, change[f]])) };
  const [draft, setDraft] = useState<ConfigDraft>(() => configToDraft(proposed, count));
  const [show, setShow] = useState(false);
  const segmentSet = useMemo(() => new Set(segmentKeys), [segmentKeys]);
  const built = useMemo(() => buildConfig(draft, flag, segmentSet), [draft, flag, segmentSet]);
  const rest = Object.fromEntries(Object.entries(change).filter(([k]) => !(EDITED_FIELDS as readonly string[]).includes(k)));
  builder.current = () => {
    if (!built.ok) {
      setShow(true);
      return null;
    }
    return { ...rest, ...changedConfigFields(pickEdited(config), built.config), op: 'flag.config.update', key: flag.key, baseVersion: config.version } as RequestChange;
  };
  return <TargetingEditor draft={draft} onChange={setDraft} variationNames={flag.variations.map((v, i) => v.name || `variation ${i}`)} segmentKeys={segmentKeys} errors={show && !built.ok ? built.errors : NO_ERRORS} />;
}

function SegmentChangeEditor({ env, change, builder }: { env: string; change: RequestChange; builder: Ready }) {
  const api = useApi();
  const segment = useResource<SegmentView>(() => api.segments.get(env, change.key), `segment|${env}|${change.key}`);
  if (segment.error) return <ErrorBanner error={segment.error} />;
  if (!segment.data) return <Loading />;
  return <SegmentDraftEditor segment={segment.data} change={change} builder={builder} />;
}

function SegmentDraftEditor({ segment, change, builder }: { segment: SegmentView; change: RequestChange; builder: Ready }) {
  const [draft, setDraft] = useState<SegmentDraft>(() => segmentToDraft({ ...segment, ...segmentEditOf(change) }));
  const [show, setShow] = useState(false);
  const built = useMemo(() => buildSegment(draft), [draft]);
  builder.current = () => {
    if (!built.ok) {
      setShow(true);
      return null;
    }
    return segmentChange(segment.key, segment.version, changedSegmentFields(pickSegment(segment), built.value));
  };
  return <SegmentFields draft={draft} onChange={setDraft} errors={show && !built.ok ? built.errors : NO_ERRORS} isNew={false} />;
}
