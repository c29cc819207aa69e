import { useEffect, useState } from 'react';
import type { ConfigEdit } from '../../api/types';
import { Link } from '../../app/router';
import { ReviewChangesDialog } from '../change-requests/ReviewChangesDialog';
import type { EnvironmentConfig } from '@switchyard/core';
import type { ConfigRecord, FlagView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { useCan } from '../../app/session';
import { useResource } from '../../lib/use-resource';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState } from '../../ui/Loading';
import { ReleasePanel } from '../releases/ReleasePanel';
import { ExplainPanel } from '../explain/ExplainPanel';
import { PrerequisitesEditor } from '../targeting/PrerequisitesEditor';
import { TargetingEditor } from '../targeting/TargetingEditor';
import { TargetingReadView } from '../targeting/TargetingReadView';
import { ConflictNotice } from './ConflictNotice';
import { EnvironmentStateBar } from './EnvironmentStateBar';
import { SaveBar } from './SaveBar';
import { useVersionedEditor } from '../../lib/use-versioned-editor';
import { configEditing } from './config-editing';

interface EnvironmentPanelProps {
  flag: FlagView;
  envKey: string;
  /** Kept mounted while hidden so an unsaved draft survives switching tabs. */
  hidden: boolean;
  onConfigChanged: (envKey: string, config: EnvironmentConfig | ConfigRecord) => void;
  onStale: () => void;
  onDirtyChange: (envKey: string, dirty: boolean) => void;
}

export function EnvironmentPanel(props: EnvironmentPanelProps) {
  const config = props.flag.environments[props.envKey];
  const can = useCan();
  if (!config)
    return (
      <div hidden={props.hidden}>
        <EmptyState title="This flag has no configuration in this environment." />
      </div>
    );
  const editable = can('editTargeting') && props.flag.archivedAt === null;
  return editable ? <EditablePanel {...props} config={config} /> : <ReadOnlyPanel {...props} config={config} />;
}

type WithConfig = EnvironmentPanelProps & { config: EnvironmentConfig & { updatedAt?: string } };

function ReadOnlyPanel({ flag, envKey, hidden, config, onConfigChanged, onStale }: WithConfig) {
  const { nameOf } = useEnvironments();
  return (
    <div hidden={hidden} className="envpanel">
      <EnvironmentStateBar flag={flag} envKey={envKey} config={config} onChanged={(c) => onConfigChanged(envKey, c)} onStale={onStale} />
      {!hidden && <ReleasePanel flag={flag} envKey={envKey} />}
      <TargetingReadView config={config} variationNames={flag.variations.map((v) => v.name)} />
      <ExplainPanel flagKey={flag.key} envKey={envKey} envName={nameOf(envKey)} />
    </div>
  );
}

function EditablePanel({ flag, envKey, hidden, config, onConfigChanged, onStale, onDirtyChange }: WithConfig) {
  const api = useApi();
  const { nameOf } = useEnvironments();
  const segments = useResource(() => api.segments.list(envKey), `segments|${envKey}`);
  const segmentKeys = segments.data ? segments.data.map((s) => s.key) : null;
  const followConfig = (c: EnvironmentConfig) => onConfigChanged(envKey, c);
  const editor = useVersionedEditor(config, configEditing(flag, envKey, segmentKeys), { saved: followConfig, theirs: followConfig });
  const variationNames = flag.variations.map((v, i) => v.name || `variation ${i}`);
  useDirtyReport(envKey, editor.dirty, onDirtyChange);
  const policy = useResource(() => api.reviewPolicy(envKey), `review-policy|${envKey}`);
  const reviewRequired = policy.data?.requireReview === true;
  const [reviewing, setReviewing] = useState<ConfigEdit | null>(null);
  const [requested, setRequested] = useState<string | null>(null);

  return (
    <div hidden={hidden} className="envpanel">
      <EnvironmentStateBar flag={flag} envKey={envKey} config={config} onChanged={(c) => onConfigChanged(envKey, c)} onStale={onStale} />
      {!hidden && <ReleasePanel flag={flag} envKey={envKey} />}
      {editor.conflict && (
        <ConflictNotice
          flagKey={flag.key}
          envKey={envKey}
          base={pickTargeting(editor.base)}
          theirs={pickTargeting(editor.conflict.current)}
          mine={editor.conflict.mine}
          baseVersion={editor.base.version}
          currentVersion={editor.conflict.currentVersion}
          onReapply={editor.reapply}
          onTakeTheirs={editor.takeTheirs}
        />
      )}
      {requested && (
        <p className="banner banner--info" role="status">
          Review requested: <Link to={`/change-requests/${requested}`}>change request {requested}</Link>. It applies once approved.
        </p>
      )}
      {reviewing && (
        <ReviewChangesDialog
          title={`Request review: targeting of ${flag.key} in ${nameOf(envKey)}`}
          before={editor.base}
          change={reviewing}
          variationNames={variationNames}
          defaultNote={editor.note}
          busy={editor.saving}
          onCancel={() => setReviewing(null)}
          onConfirm={async (note) => {
            const id = await editor.requestReview(note || `Targeting of ${flag.key} in ${nameOf(envKey)}`);
            setReviewing(null);
            if (id) setRequested(id);
          }}
        />
      )}
      {editor.notice && (
        <p className="banner banner--info" role="status">
          {editor.notice}
        </p>
      )}
      <ErrorBanner error={editor.failure} placed={(p) => SHOWN_IN_EDITOR.test(p)} />
      <TargetingEditor draft={editor.draft} onChange={editor.edit} variationNames={variationNames} segmentKeys={segmentKeys ?? []} errors={editor.errors} />
      <PrerequisitesEditor flag={flag} envKey={envKey} envName={nameOf(envKey)} config={config} onSaved={(c) => onConfigChanged(envKey, c)} />
      <ExplainPanel flagKey={flag.key} envKey={envKey} envName={nameOf(envKey)} />
      {editor.dirty && !hidden && (
        <SaveBar
          what={`targeting in ${nameOf(envKey)}`}
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

/** Server error paths the editor shows next to their field; any other is listed in the banner. */
const SHOWN_IN_EDITOR = /^body\.(targets\[|rules\[\d+\]\.(clauses|serve)|fallthrough)/;

function pickTargeting(c: EnvironmentConfig) {
  return { targets: c.targets, rules: c.rules, fallthrough: c.fallthrough };
}

function useDirtyReport(envKey: string, dirty: boolean, report: (envKey: string, dirty: boolean) => void) {
  useEffect(() => report(envKey, dirty), [envKey, dirty, report]);
}
