import { useState } from 'react';
import type { KeyView } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useAnnounce } from '../../app/announcer';
import { useEnvironments } from '../../app/environments';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/use-resource';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EmptyState, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { CreateKeyForm } from './CreateKeyForm';
import { KEY_KIND_LABELS, keyScope } from './key-labels';
import { RevokeKeyDialog } from './RevokeKeyDialog';

/** Admins' page for API keys: SDK keys per environment and admin keys per role (docs/security.md). */
export function KeysPage() {
  const api = useApi();
  const announce = useAnnounce();
  const { nameOf } = useEnvironments();
  const keys = useResource(() => api.keys.list(), 'keys');
  const [created, setCreated] = useState<{ key: KeyView; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<KeyView | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const items = keys.data?.items ?? [];
  const shown = items.filter((k) => showRevoked || k.revokedAt === null);

  return (
    <>
      <PageHeader title="Keys" subtitle="SDK keys for your services and browsers, admin keys for people and automation. A secret is shown once, when the key is created." />
      {created && (
        <div className="banner banner--info shown-once" role="status" data-testid="shown-once">
          <p className="banner__title">Key "{created.key.name}" is ready</p>
          <p>Its secret, shown this once (only a hash is stored). Copy it now:</p>
          <p>
            <code className="shown-once__value" data-testid="key-secret">
              {created.secret}
            </code>
          </p>
          <p className="shown-once__actions">
            <CopyButton value={created.secret} label="Copy secret" />{' '}
            <Button size="sm" onClick={() => setCreated(null)}>
              I have copied it
            </Button>
          </p>
        </div>
      )}
      <CreateKeyForm
        onCreated={(c) => {
          setCreated(c);
          announce(`Key "${c.key.name}" created`);
          keys.reload();
        }}
      />
      <section className="card integrations__section" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <label className="integrations__check">
          <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} /> Show revoked keys
        </label>
        <ErrorBanner error={keys.error} title="The keys could not be loaded." />
        {!keys.data && !keys.error && <Loading />}
        {keys.data && shown.length === 0 && <EmptyState title="No keys to show." />}
        {shown.length > 0 && (
          <div className="table-wrap">
            <table className="table" aria-label="Keys">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Role or environment</th>
                  <th scope="col">Secret starts</th>
                  <th scope="col">Created</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">
                      {k.name} <span className="muted">{k.id}</span>
                    </th>
                    <td>{KEY_KIND_LABELS[k.kind]}</td>
                    <td>{keyScope(k, nameOf)}</td>
                    <td>
                      <code>{k.hint}</code>
                    </td>
                    <td>
                      {formatDateTime(k.createdAt)} by {k.createdBy}
                    </td>
                    <td>{k.revokedAt ? `Revoked ${formatDateTime(k.revokedAt)} by ${k.revokedBy ?? '—'}` : 'Active'}</td>
                    <td>
                      {!k.revokedAt && (
                        <Button size="sm" variant="danger" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {revoking && (
        <RevokeKeyDialog
          apiKey={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={(k) => {
            announce(`Key "${k.name}" revoked`);
            keys.reload();
          }}
        />
      )}
    </>
  );
}
