import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import type { SegmentView } from '../../api/types';
import { useAnnounce } from '../../app/announcer';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { useLiveChanges } from '../../app/live';
import { withQuery } from '../../app/route-match';
import { Link, navigate } from '../../app/router';
import { useCan } from '../../app/session';
import { errorsAt, fromServerIssues, NO_ERRORS, type FieldErrors } from '../../lib/field-errors';
import { focusFirstInvalid } from '../../lib/focus';
import { formatRelative } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Field } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import type { SegmentEdit } from '../../api/types';
import { RequestReviewDialog } from '../change-requests/RequestReviewDialog';
import { ReviewRequested } from '../change-requests/ReviewRequested';
import { SegmentChangeText } from '../change-requests/SegmentChangeText';
import { useReviewRequired } from '../change-requests/use-review-policies';
import { SaveBar } from '../flag-detail/SaveBar';
import { ClauseText } from '../targeting/TargetingReadView';
import { buildSegment, emptySegmentDraft, flagsInUse, pickSegment, type SegmentDraft } from './segment-draft';
import { SegmentFields } from './SegmentFields';
import { segmentPath } from './SegmentsPage';
import { useVersionedEditor } from '../../lib/use-versioned-editor';
import { segmentChange, segmentEditing } from './segment-editing';

const listPath = (env: string) => withQuery('/segments', { env });

/** `#/segments/new?env=production`: a new segment in one environment. */
export function NewSegmentPage({ query }: { query: URLSearchParams }) {
  const api = useApi();
  const announce = useAnnounce();
  const { environments, current, nameOf } = useEnvironments();
  const env = environments.some((e) => e.key === query.get('env')) ? query.get('env')! : current.key;
  const [draft, setDraft] = useState<SegmentDraft>(emptySegmentDraft);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const reviewRequired = useReviewRequired(env);
  const [requested, setRequested] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const built = buildSegment(draft);
    if (!built.ok) {
      setErrors(built.errors);
      focusFirstInvalid();
      announce('The segment cannot be created yet: fix the highlighted fields.', 'error');
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    if (reviewRequired) {
      // Where review is required a new segment is a change request too (segment.create), the change shown in sentences on its page.
      try {
        const request = await api.changeRequests.create(env, { title: reason.trim() || `New segment ${built.key} in ${nameOf(env)}`, changes: [segmentChange(built.key, null, built.value)] });
        announce(`Review requested: change request ${request.id}.`);
        setRequested(request.id);
      } catch (err) {
        if (err instanceof ApiError) setErrors(fromServerIssues(err.fieldIssues));
        setFailure(err);
      } finally {
        setBusy(false);
      }
      return;
    }
    try {
      const created = await api.segments.create(env, { key: built.key, ...built.value, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      announce(`Segment ${created.key} created in ${nameOf(env)}.`);
      navigate(segmentPath(env, created.key));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ALREADY_EXISTS') setErrors(new Map([['key', [`is taken: ${nameOf(env)} already has a segment with this key`]]]));
      else if (err instanceof ApiError) setErrors(fromServerIssues(err.fieldIssues));
      setFailure(err);
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="New segment" eyebrow={<Link to={listPath(env)}>Segments</Link>} subtitle={`In ${nameOf(env)}. Other environments have their own segments.`} />
      <form className="form" onSubmit={submit} noValidate>
        <ErrorBanner error={failure} placed={(p) => errorsAt(errors, p.replace(/^body\./, '')).length > 0} />
        {requested && <ReviewRequested id={requested} what="The segment is created once approved." />}
        {reviewRequired && !requested && <p className="banner banner--info">{nameOf(env)} requires review: the new segment is created once someone else approves it.</p>}
        <SegmentFields draft={draft} onChange={setDraft} errors={errors} isNew />
        <div className="form__footer">
          <Field label="Reason (audit log)" className="form__reason">
            {(p) => <input {...p} className="input" value={reason} placeholder="Optional" onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <Link to={listPath(env)} className="btn btn--ghost">
            Cancel
          </Link>
          <Button type="submit" variant="primary" busy={busy}>
            {reviewRequired ? 'Request review' : 'Create segment'}
          </Button>
        </div>
      </form>
    </>
  );
}

/** `#/segments/<env>/<key>`: one segment, editable by editors, with delete. */
export function SegmentPage({ envKey, segmentKey }: { envKey: string; segmentKey: string }) {
  const api = useApi();
  const can = useCan();
  const { nameOf } = useEnvironments();
  const segment = useResource(() => api.segments.get(envKey, segmentKey), `${envKey}|${segmentKey}`);
  const [inUse, setInUse] = useState<string[] | null>(null);
  const version = segment.data?.version;
  useEffect(() => setInUse(null), [version]);
  useLiveChanges({ kind: 'segment', key: segmentKey, environment: envKey }, segment.reload);

  if (segment.error)
    return (
      <>
        <PageHeader title={segmentKey} eyebrow={<Link to={listPath(envKey)}>Segments</Link>} />
        <ErrorBanner error={segment.error} title={`The segment ${segmentKey} could not be loaded from ${nameOf(envKey)}.`} />
      </>
    );
  if (!segment.data) return <Loading />;
  const s = segment.data;
  const header = (
    <PageHeader
      eyebrow={<Link to={listPath(envKey)}>Segments</Link>}
      docTitle={s.key}
      title={
        <>
          {s.name} <code className="page-header__key">{s.key}</code>
        </>
      }
      subtitle={
        <div className="flag-meta">
          <span className="env-tag">{nameOf(envKey)}</span>
          <span className="muted">
            v{s.version} · updated {formatRelative(s.updatedAt)}
          </span>
        </div>
      }
      actions={can('editSegments') && <DeleteSegmentButton segment={s} onInUse={setInUse} />}
    />
  );
  return (
    <>
      {header}
      {inUse && <InUseBanner segment={s} flags={inUse} />}
      {can('editSegments') ? <SegmentEditor segment={s} onSaved={segment.setData} /> : <SegmentReadView segment={s} />}
    </>
  );
}

function SegmentEditor({ segment, onSaved }: { segment: SegmentView; onSaved: (s: SegmentView) => void }) {
  const editor = useVersionedEditor(segment, segmentEditing, { saved: onSaved, theirs: onSaved });
  const api = useApi();
  const { nameOf } = useEnvironments();
  const reviewRequired = useReviewRequired(segment.envKey);
  const [reviewing, setReviewing] = useState<SegmentEdit | null>(null);
  const [requested, setRequested] = useState<string | null>(null);
  return (
    <div className="form">
      {requested && <ReviewRequested id={requested} />}
      {reviewing && (
        <RequestReviewDialog
          title={`Request review: segment ${segment.key} in ${nameOf(segment.envKey)}`}
          lead={`${nameOf(segment.envKey)} requires review`}
          defaultNote={editor.note}
          busy={editor.saving}
          onCancel={() => setReviewing(null)}
          onConfirm={async (note) => {
            const id = await editor.requestReview(note || `Segment ${segment.key} in ${nameOf(segment.envKey)}`);
            setReviewing(null);
            if (id) setRequested(id);
          }}
        >
          <SegmentChangeText before={pickSegment(editor.base)} change={reviewing} />
        </RequestReviewDialog>
      )}
      {editor.conflict && (
        <div className="banner banner--warn" role="alert">
          <p className="banner__title">Someone else saved this segment first (now version {editor.conflict.currentVersion}).</p>
          <p>Your edit is still here. Load their version to see what changed, then make your change again.</p>
          <Button
            size="sm"
            onClick={() =>
              void api.segments.get(segment.envKey, segment.key).then((s) => {
                editor.reset(s);
                onSaved(s);
              })
            }
          >
            Load their version (drops my edit)
          </Button>
        </div>
      )}
      <ErrorBanner error={editor.failure} placed={(p) => errorsAt(editor.errors, p.replace(/^body\./, '')).length > 0} />
      <SegmentFields draft={editor.draft} onChange={editor.edit} errors={editor.errors} isNew={false} />
      {editor.dirty && (
        <SaveBar
          what="the segment"
          note={editor.note}
          onNote={editor.setNote}
          onSave={
            reviewRequired
              ? () => {
                  const changes = editor.pendingChanges();
                  if (changes) setReviewing(changes);
                }
              : editor.save
          }
          saveLabel={reviewRequired ? 'Request review' : undefined}
          onDiscard={editor.discard}
          saving={editor.saving}
        />
      )}
    </div>
  );
}

function SegmentReadView({ segment }: { segment: SegmentView }) {
  const uid = useId();
  const keys = (list: string[]) =>
    list.length === 0 ? (
      <span className="muted">None</span>
    ) : (
      <span className="values">
        {list.map((k) => (
          <code key={k} className="value">
            {k}
          </code>
        ))}
      </span>
    );
  return (
    <section className="card form__section" aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`} className="section-title">
        Members
      </h2>
      <dl className="props">
        <dt>Description</dt>
        <dd>{segment.description || <span className="muted">—</span>}</dd>
        <dt>Included</dt>
        <dd>{keys(segment.included)}</dd>
        <dt>Excluded</dt>
        <dd>{keys(segment.excluded)}</dd>
        <dt>Rules</dt>
        <dd>
          {segment.rules.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ol className="read-list read-list--numbered">
              {segment.rules.map((r, i) => (
                <li key={r.id ?? i}>{r.clauses.length === 0 ? 'Everyone' : r.clauses.map((c, n) => <ClauseText key={n} clause={c} first={n === 0} />)}</li>
              ))}
            </ol>
          )}
        </dd>
      </dl>
    </section>
  );
}

/** A refused delete (409 SEGMENT_IN_USE): the flags whose rules use the segment, each a link. */
function InUseBanner({ segment, flags }: { segment: SegmentView; flags: string[] }) {
  const { nameOf } = useEnvironments();
  return (
    <div className="banner banner--error in-use" role="alert">
      <p className="banner__title">
        {segment.key} is used by {flags.length} flag{flags.length === 1 ? '' : 's'} in {nameOf(segment.envKey)} and was not deleted.
      </p>
      <p>Remove it from the rules of:</p>
      <ul className="in-use__list">
        {flags.map((k) => (
          <li key={k}>
            <Link to={withQuery(`/flags/${encodeURIComponent(k)}`, { tab: segment.envKey })} className="code-link">
              {k}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Delete, refused while flags use the segment (the server names them). */
function DeleteSegmentButton({ segment, onInUse }: { segment: SegmentView; onInUse: (flags: string[]) => void }) {
  const api = useApi();
  const announce = useAnnounce();
  const { nameOf } = useEnvironments();
  const reviewRequired = useReviewRequired(segment.envKey);
  const [open, setOpen] = useState(false);
  const [requested, setRequested] = useState<string | null>(null);
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        {reviewRequired ? 'Request deletion' : 'Delete'}
      </Button>
      {requested && <ReviewRequested id={requested} />}
      {open && reviewRequired && (
        <ConfirmDialog
          title={`Request review: delete ${segment.key} from ${nameOf(segment.envKey)}`}
          confirmLabel="Request review"
          variant="danger"
          onClose={() => setOpen(false)}
          onConfirm={async (note) => {
            const request = await api.changeRequests.create(segment.envKey, {
              title: note ?? `Delete segment ${segment.key} from ${nameOf(segment.envKey)}`,
              changes: [{ op: 'segment.delete', key: segment.key, baseVersion: segment.version }],
            });
            setRequested(request.id);
            announce(`Review requested: change request ${request.id}.`);
          }}
        >
          {nameOf(segment.envKey)} requires review: the segment stays until someone else approves its deletion.
        </ConfirmDialog>
      )}
      {open && !reviewRequired && (
        <ConfirmDialog
          title={`Delete ${segment.key} from ${nameOf(segment.envKey)}?`}
          confirmLabel="Delete segment"
          variant="danger"
          onClose={() => setOpen(false)}
          onConfirm={async (note) => {
            try {
              await api.segments.remove(segment.envKey, segment.key, note);
            } catch (err) {
              if (err instanceof ApiError && err.code === 'SEGMENT_IN_USE') {
                onInUse(flagsInUse(err.details));
                return;
              }
              throw err;
            }
            announce(`Segment ${segment.key} deleted.`);
            navigate(listPath(segment.envKey));
          }}
        >
          SDKs stop matching this segment in {nameOf(segment.envKey)}. It cannot be deleted while a flag’s rules use it.
        </ConfirmDialog>
      )}
    </>
  );
}
