import { useApi } from '../../app/api-context';
import { useResource } from '../../lib/use-resource';

/** The audit log's hash chain, checked by the server: intact, or the first altered entry. */
export function ChainBadge() {
  const api = useApi();
  const verify = useResource(() => api.audit.verify(), 'verify');
  if (verify.loading && !verify.data)
    return (
      <span className="chain chain--checking" role="status">
        Verifying chain…
      </span>
    );
  if (verify.error || !verify.data)
    return (
      <span className="chain chain--unknown" role="status">
        Chain not verified
      </span>
    );
  const v = verify.data;
  if (v.ok)
    return (
      <span className="chain chain--ok" role="status" title="Every entry's hash matches its content and chains to the one before.">
        <span aria-hidden="true">✓</span> Chain verified · {v.entries.toLocaleString()} entries
      </span>
    );
  return (
    <span className="chain chain--broken" role="alert" title={v.break.message}>
      <span aria-hidden="true">✕</span> Chain broken at entry #{v.break.seq}: {v.break.message}
    </span>
  );
}
