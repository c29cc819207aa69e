import type { Tx } from '../../db/stores';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import { contentOf } from './change-request-content';
import { newRequestId } from './change-request-views';

/**
 * Opens a follow-up review of something done without review where review is required (a restore:
 * like a kill, it never waits for a reviewer). Written in the caller's transaction, with its audit
 * entry; reviewers approve or reject it like any request, but there is nothing left to apply.
 */
export async function openFollowUpReview(
  tx: Tx,
  deps: { audit: AuditService; now: () => Date },
  actor: Actor,
  what: { envKey: string; flagKey: string; action: 'flag.restore'; reason: string; killed: unknown },
): Promise<string> {
  const at = deps.now().toISOString();
  const id = newRequestId();
  const { content, contentHash } = contentOf({ environment: what.envKey, followUp: { action: what.action, flag: what.flagKey, by: actor.name, reason: what.reason, killed: what.killed } });
  await tx.changeRequests.insert({
    id,
    envKey: what.envKey,
    kind: 'follow-up',
    state: 'in-review',
    title: `Follow-up review: ${what.flagKey} restored in ${what.envKey} without review`,
    author: actor.name,
    authorKeyId: actor.keyId,
    content,
    contentHash,
    revision: 1,
    scheduledAt: null,
    createdAt: at,
    updatedAt: at,
    outcome: null,
  });
  await deps.audit.record(tx, actor, {
    action: 'change-request.follow-up',
    resource: 'change-request',
    flagKey: what.flagKey,
    envKey: what.envKey,
    targetKey: id,
    after: { id, state: 'in-review', kind: 'follow-up', contentHash },
    reason: what.reason,
  });
  return id;
}
