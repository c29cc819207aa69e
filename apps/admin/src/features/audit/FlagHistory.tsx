import { useId, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useEnvironments } from '../../app/environments';
import { withQuery } from '../../app/route-match';
import { Link } from '../../app/router';
import { AuditList } from './AuditList';
import { PAGE_SIZE } from './audit-query';
import { useAuditPages } from './use-audit-pages';

/** A flag's audit timeline on its detail page, optionally narrowed to one environment. */
export function FlagHistory({ flagKey, refreshKey }: { flagKey: string; refreshKey: number }) {
  const api = useApi();
  const { environments } = useEnvironments();
  const id = useId();
  const [env, setEnv] = useState('');
  const pages = useAuditPages(
    (before) => api.audit.forFlag(flagKey, { limit: PAGE_SIZE, ...(env ? { environment: env } : {}), ...(before !== undefined ? { before } : {}) }),
    `${flagKey}|${env}|${refreshKey}`,
  );
  return (
    <section aria-labelledby={`${id}-h`} className="history">
      <div className="history__head">
        <h2 id={`${id}-h`} className="section-title">
          History
        </h2>
        <label htmlFor={`${id}-env`} className="sr-only">
          Environment
        </label>
        <select id={`${id}-env`} className="select select--compact" value={env} onChange={(e) => setEnv(e.target.value)}>
          <option value="">All environments</option>
          {environments.map((e) => (
            <option key={e.key} value={e.key}>
              {e.name}
            </option>
          ))}
        </select>
        <Link to={withQuery('/audit', { flag: flagKey })} className="small">
          Open in audit log
        </Link>
      </div>
      <AuditList pages={pages} showFlag={false} label={`History of ${flagKey}, newest first`} />
    </section>
  );
}
