import type { TriggerAction, TriggerRecord } from '../../db/records';
import type { Database, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import { hashSecret, secretHint } from '../auth/secrets';
import type { FlagConfigService } from '../flags/flag-config-service';
import type { ReleaseService } from '../releases/release-service';
import { signatureProblem } from '../webhooks/signature';
import type { CreateTriggerBody } from '@switchyard/api';
import { STORED_PAYLOAD_CHARS } from '@switchyard/api';
import { newSigningSecret, newTriggerId, newTriggerToken, triggerPath } from './trigger-secrets';

/** A trigger as the API shows it: never its URL token, its hash or its signing secret. */
export type TriggerView = Omit<TriggerRecord, 'urlHash' | 'signingSecret'> & { signed: boolean };

export const toTriggerView = ({ urlHash: _h, signingSecret, ...view }: TriggerRecord): TriggerView => ({ ...view, signed: signingSecret !== null });

/** What creating or rotating a trigger answers, once: the URL to call and, for a signed one, the secret to sign with. */
export interface TriggerSecrets {
  trigger: TriggerView;
  /** The path to POST to (prefix the server's public address). */
  url: string;
  signingSecret: string | null;
}

/** The audit actor of a trigger's calls. */
export const triggerActor = (t: TriggerRecord, payload: unknown): Actor => ({
  name: `trigger:${t.id}`,
  keyId: null,
  role: 'responder',
  context: { trigger: t.id, name: t.name, payload: storedPayload(payload) },
});

/** The alert's payload as kept in the audit entry: whole when small, its first characters otherwise. */
function storedPayload(payload: unknown): unknown {
  if (payload === undefined) return null;
  const text = JSON.stringify(payload);
  return text.length <= STORED_PAYLOAD_CHARS ? payload : { truncated: true, chars: text.length, head: text.slice(0, STORED_PAYLOAD_CHARS) };
}

/** The audit action of the change each trigger action makes: a repeat answers the latest such entry. */
const ACTION_AUDIT: Record<TriggerAction, string> = { kill: 'flag.kill', restore: 'flag.restore', 'hold-plan': 'release.pause', 'abort-plan': 'release.abort' };

/**
 * Inbound triggers: an alerting tool's call kills (or restores) one flag in one environment, or holds
 * (or aborts) the guarded release plan running on it there.
 */
export function createTriggerService(deps: { db: Database; audit: AuditService; now: () => Date; configs: FlagConfigService; releases: ReleaseService }) {
  const { db, audit, now, configs, releases } = deps;

  async function load(tx: Tx, id: string): Promise<TriggerRecord> {
    const t = await tx.triggers.get(id);
    if (!t) throw new AppError('TRIGGER_NOT_FOUND', `No trigger "${id}".`);
    return t;
  }

  /** The state a call left (or found): the latest entry of the action's kind on the flag there, and the flag's version. */
  async function resultIn(tx: Tx, t: TriggerRecord): Promise<{ auditSeq: number | null; version: number }> {
    const { config } = await configs.inTx.current(tx, t.flagKey, t.envKey);
    const [entry] = await tx.audit.list({ flagKey: t.flagKey, envKey: t.envKey, action: ACTION_AUDIT[t.action], order: 'desc', limit: 1 });
    return { auditSeq: entry?.seq ?? null, version: config.version };
  }

  return {
    async list(): Promise<TriggerView[]> {
      return (await db.read((s) => s.triggers.list())).map(toTriggerView);
    },

    async create(actor: Actor, input: CreateTriggerBody): Promise<TriggerSecrets> {
      const token = newTriggerToken();
      const signingSecret = input.signed ? newSigningSecret('tgs_') : null;
      const trigger = await db.transaction(async (tx) => {
        // The flag must have a config there now (environments are never deleted; an archived flag refuses calls with FLAG_ARCHIVED).
        await configs.inTx.current(tx, input.flag, input.environment).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'FLAG_ARCHIVED') return;
          throw err;
        });
        const record: TriggerRecord = {
          id: newTriggerId(),
          name: input.name,
          flagKey: input.flag,
          envKey: input.environment,
          action: input.action,
          urlHash: hashSecret(token),
          urlHint: secretHint(token),
          signingSecret,
          createdAt: now().toISOString(),
          createdBy: actor.name,
          rotatedAt: null,
          disabledAt: null,
          disabledBy: null,
        };
        await tx.triggers.insert(record);
        const view = toTriggerView(record);
        await audit.record(tx, actor, { action: 'trigger.create', resource: 'trigger', flagKey: record.flagKey, envKey: record.envKey, targetKey: record.id, after: view, reason: input.reason ?? null });
        return view;
      });
      return { trigger, url: triggerPath(token), signingSecret };
    },

    /** A new URL (and a new signing secret, for a signed trigger); the old ones stop working at once. */
    async rotate(actor: Actor, id: string, reason: string): Promise<TriggerSecrets> {
      const token = newTriggerToken();
      return db.transaction(async (tx) => {
        const t = await load(tx, id);
        if (t.disabledAt !== null) throw new AppError('TRIGGER_DISABLED', `Trigger "${id}" was disabled at ${t.disabledAt}.`);
        const signingSecret = t.signingSecret === null ? null : newSigningSecret('tgs_');
        const next: TriggerRecord = { ...t, urlHash: hashSecret(token), urlHint: secretHint(token), signingSecret, rotatedAt: now().toISOString() };
        await tx.triggers.update(next);
        const trigger = toTriggerView(next);
        await audit.record(tx, actor, { action: 'trigger.rotate', resource: 'trigger', flagKey: t.flagKey, envKey: t.envKey, targetKey: id, before: toTriggerView(t), after: trigger, reason });
        return { trigger, url: triggerPath(token), signingSecret };
      });
    },

    async disable(actor: Actor, id: string, reason: string): Promise<TriggerView> {
      return db.transaction(async (tx) => {
        const t = await load(tx, id);
        if (t.disabledAt !== null) throw new AppError('TRIGGER_DISABLED', `Trigger "${id}" was already disabled at ${t.disabledAt}.`);
        const next: TriggerRecord = { ...t, disabledAt: now().toISOString(), disabledBy: actor.name };
        await tx.triggers.update(next);
        const view = toTriggerView(next);
        await audit.record(tx, actor, { action: 'trigger.disable', resource: 'trigger', flagKey: t.flagKey, envKey: t.envKey, targetKey: id, before: toTriggerView(t), after: view, reason });
        return view;
      });
    },

    /** The live trigger a URL token opens, or why none does (unknown and disabled are told apart: the caller holds the URL). */
    async authenticate(token: string, rawBody: string, signature: string | undefined): Promise<TriggerRecord> {
      const t = await db.read((s) => s.triggers.findByUrlHash(hashSecret(token)));
      if (!t) throw new AppError('TRIGGER_NOT_FOUND');
      if (t.disabledAt !== null) throw new AppError('TRIGGER_DISABLED', `Trigger "${t.id}" was disabled at ${t.disabledAt}.`);
      if (t.signingSecret !== null) {
        const problem = signatureProblem(t.signingSecret, rawBody, signature, Math.floor(now().getTime() / 1000));
        if (problem) throw new AppError('SIGNATURE_INVALID', `Trigger "${t.id}" takes signed calls only: ${problem}.`);
      }
      return t;
    },

    /**
     * Runs the trigger's action, idempotently: when the flag is already in the state the action
     * leads to, nothing is written and the answer is the entry that put it there. Checked and
     * written under the write lock, so concurrent calls act once.
     */
    async fire(t: TriggerRecord, payload: unknown): Promise<{ auditSeq: number | null; version: number }> {
      return db.transaction(async (tx) => {
        const live = await load(tx, t.id);
        if (live.disabledAt !== null || live.urlHash !== t.urlHash) throw new AppError('TRIGGER_DISABLED', `Trigger "${t.id}" was disabled or rotated.`);
        const actor = triggerActor(t, payload);
        const reason = `Trigger "${t.name}" (${t.id}) was called`;
        if (t.action === 'hold-plan' || t.action === 'abort-plan') {
          // No plan to act on (none running, or already held or ended): a no-op, answered like a repeat.
          const acted = await releases.commandLiveIn(tx, actor, t.flagKey, t.envKey, t.action === 'hold-plan' ? 'pause' : 'abort', reason);
          if (!acted) return resultIn(tx, t);
          // Under the write lock the head is the entry this change just wrote (after abort's kill).
          const head = await tx.audit.head();
          const { config: after } = await configs.inTx.current(tx, t.flagKey, t.envKey);
          return { auditSeq: head?.seq ?? null, version: after.version };
        }
        const { config } = await configs.inTx.current(tx, t.flagKey, t.envKey);
        const done = t.action === 'kill' ? config.killed !== null : config.killed === null;
        if (done) return resultIn(tx, t);
        const { config: saved } = t.action === 'kill' ? await configs.inTx.kill(tx, actor, t.flagKey, t.envKey, reason) : await configs.inTx.restore(tx, actor, t.flagKey, t.envKey, reason);
        // Under the write lock the head is the entry this change just wrote.
        const head = await tx.audit.head();
        return { auditSeq: head?.seq ?? null, version: saved.version };
      });
    },
  };
}

export type TriggerService = ReturnType<typeof createTriggerService>;
