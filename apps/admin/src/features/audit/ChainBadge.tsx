import type { ChainVerification } from '../../api/types';
import { useApi } from '../../app/api-context';
import { useResource } from '../../lib/use-resource';

/** How far signed checkpoints anchor the chain, in a sentence (docs/security.md). */
function anchoring(c: ChainVerification['checkpoints']): string {
  if (!c.signing && c.checked === 0) return 'No signed checkpoints: the newest entries could have been removed, or the chain recomputed, unseen.';
  if (!c.newest) return 'No signed checkpoint anchors an entry yet.';
  return `Signed checkpoints anchor entries 1–${c.newest.seq}; ${c.unanchored} newer not anchored yet.`;
}

/** The audit log's hash chain and checkpoints, checked by the server: intact, or every break it found. */
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
      <span className="chain chain--ok" role="status" title={`Every entry's hash matches its content and chains to the one before. ${anchoring(v.checkpoints)}`}>
        <span aria-hidden="true">✓</span> Chain verified · {v.entries.toLocaleString()} entries
      </span>
    );
  const first = v.breaks[0];
  const listed = v.breaks.slice(0, 20).map((b) => `#${b.seq}: ${b.message}`);
  if (v.breakCount > listed.length) listed.push(`… and ${v.breakCount - listed.length} more`);
  return (
    <span className="chain chain--broken" role="alert" title={listed.join('\n')}>
      <span aria-hidden="true">✕</span> Chain broken: {v.breakCount.toLocaleString()} {v.breakCount === 1 ? 'problem' : 'problems'}
      {first ? `, first at entry #${first.seq}: ${first.message}` : ''}
    </span>
  );
}
