import type { AuditEntry } from '../../api/types';

/** Actions the server records, with how a person reads them. Unknown actions show as recorded. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'flag.create': 'created the flag',
  'flag.update': 'changed the definition',
  'flag.archive': 'archived the flag',
  'flag.archive.forced': 'archived the flag although it was killed',
  'flag.unarchive': 'unarchived the flag',
  'flag.config.update': 'changed targeting',
  'flag.enable': 'turned on',
  'flag.disable': 'turned off',
  'flag.kill': 'killed',
  'flag.restore': 'restored',
  'segment.create': 'created a segment',
  'segment.update': 'changed a segment',
  'segment.delete': 'deleted a segment',
  'environment.create': 'created an environment',
  'key.create': 'issued a key',
  'key.revoke': 'revoked a key',
  'trigger.create': 'created an incident trigger',
  'trigger.rotate': 'rotated an incident trigger',
  'trigger.disable': 'disabled an incident trigger',
  'webhook.create': 'subscribed a webhook',
  'webhook.disable': 'disabled a webhook',
  'webhook.replay': 'replayed webhook deliveries',
  'session.create': 'signed in',
  'session.delete': 'signed out',
  'migration.transition': 'moved the migration stage',
  'migration.refused': 'was refused a migration move',
  'migration.forced': 'forced a migration move',
  'migration.backfill.report': 'reported a backfill batch',
  'migration.attest': 'attested a backfill',
  'migration.attest.refused': 'was refused a backfill attestation',
};

export const KNOWN_ACTIONS = Object.keys(AUDIT_ACTION_LABELS);

export type ActionTone = 'kill' | 'restore' | 'on' | 'off' | 'neutral';

export function actionTone(action: string): ActionTone {
  if (action === 'flag.kill') return 'kill';
  if (action === 'flag.restore') return 'restore';
  if (action === 'flag.enable') return 'on';
  if (action === 'flag.disable' || action === 'flag.archive' || action === 'flag.archive.forced') return 'off';
  return 'neutral';
}

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Bookkeeping fields every change bumps; left out of diffs. */
export const DIFF_IGNORED = ['version', 'updatedAt'] as const;

/** What the entry is about: the flag and environment, or the segment/key/environment. */
export function subjectOf(entry: AuditEntry): string {
  const parts: string[] = [];
  if (entry.flagKey) parts.push(entry.flagKey);
  if (entry.targetKey && entry.targetKey !== entry.flagKey) parts.push(entry.targetKey);
  return parts.join(' · ');
}
