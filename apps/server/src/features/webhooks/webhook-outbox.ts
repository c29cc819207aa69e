import type { AuditRecord, WebhookDeliveryRecord, WebhookRecord } from '../../db/records';
import type { Tx } from '../../db/stores';
import type { Signal } from '../../infra/signal';

/** The subscriptions read once per unit of work (a plan writes thousands of entries in one). */
const activeByTx = new WeakMap<Tx, Promise<WebhookRecord[]>>();

/** Whether an entry passes a subscription's filters (`tags`: the entry's flag's tags, read only when needed). */
export async function matches(w: WebhookRecord, entry: Pick<AuditRecord, 'envKey' | 'flagKey' | 'action'>, tags: () => Promise<string[]>): Promise<boolean> {
  if (w.environments && (entry.envKey === null || !w.environments.includes(entry.envKey))) return false;
  if (w.flags && (entry.flagKey === null || !w.flags.includes(entry.flagKey))) return false;
  if (w.actions && !w.actions.includes(entry.action)) return false;
  if (w.tags) {
    if (entry.flagKey === null) return false;
    const flagTags = await tags();
    if (!w.tags.some((t) => flagTags.includes(t))) return false;
  }
  return true;
}

/**
 * The outbox: called by the audit service for every entry it appends, in the entry's transaction, so
 * an entry that commits has its deliveries and one that rolls back has none. The delivery worker is
 * woken once the transaction commits.
 */
export function createWebhookOutbox(deps: { now: () => Date; written: Signal<void> }) {
  return async function write(tx: Tx, entry: AuditRecord): Promise<void> {
    let active = activeByTx.get(tx);
    if (!active) activeByTx.set(tx, (active = tx.webhooks.listActive()));
    const subscriptions = await active;
    if (subscriptions.length === 0) return;
    let flagTags: Promise<string[]> | undefined;
    const tags = () => (flagTags ??= entry.flagKey === null ? Promise.resolve([]) : tx.flags.get(entry.flagKey).then((f) => f?.tags ?? []));
    const createdAt = deps.now().toISOString();
    const rows: WebhookDeliveryRecord[] = [];
    for (const w of subscriptions)
      if (await matches(w, entry, tags))
        rows.push({ webhookId: w.id, seq: entry.seq, status: 'pending', attempts: 0, nextAttemptAt: 0, lastStatus: null, lastError: null, deliveredAt: null, createdAt });
    if (rows.length === 0) return;
    await tx.webhooks.enqueue(rows);
    tx.afterCommit(() => deps.written.publish());
  };
}

export type WebhookOutbox = ReturnType<typeof createWebhookOutbox>;
