import type { ApiKeyRecord } from '../../db/records';
import type { Database, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import { BOOTSTRAP_KEY_NAME, comparableName, type Actor } from '../auth/actor';
import { generateSecret, hashSecret, newKeyId, secretHint } from '../auth/secrets';
import type { CreateKeyBody } from '@switchyard/api';
import type { Signal } from '../../infra/signal';

/** A key as the API shows it: never the secret, never its hash; `allowedOrigins` only when a client key has some. */
export type KeyView = Omit<ApiKeyRecord, 'hash' | 'allowedOrigins'> & { allowedOrigins?: string[] };

export const toKeyView = ({ hash: _hash, allowedOrigins, ...view }: ApiKeyRecord): KeyView => (allowedOrigins === null ? view : { ...view, allowedOrigins });

export function createKeyService(deps: { db: Database; audit: AuditService; now: () => Date; revoked: Signal<string> }) {
  const { db, audit, now, revoked } = deps;

  async function insertKeyIn(tx: Tx, actor: Actor, input: CreateKeyBody, secret: string) {
    {
      const envKey = input.kind === 'admin' ? null : input.environment;
      if (envKey !== null && !(await tx.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
      const hash = hashSecret(secret);
      if (await tx.keys.findByHash(hash)) throw new AppError('ALREADY_EXISTS', 'That token is already registered.');
      const record: ApiKeyRecord = {
        id: newKeyId(),
        kind: input.kind,
        role: input.kind === 'admin' ? input.role : null,
        envKey,
        name: input.name,
        hash,
        hint: secretHint(secret),
        createdAt: now().toISOString(),
        createdBy: actor.name,
        revokedAt: null,
        revokedBy: null,
        allowedOrigins: input.kind === 'client' && input.allowedOrigins !== undefined ? input.allowedOrigins : null,
      };
      await tx.keys.insert(record);
      const view = toKeyView(record);
      await audit.record(tx, actor, { action: 'key.create', resource: 'key', envKey, targetKey: record.id, after: view, reason: input.reason ?? null });
      return view;
    }
  }

  return {
    async list(): Promise<KeyView[]> {
      return (await db.read((s) => s.keys.list())).map(toKeyView);
    },

    /** Creates a key; the plaintext secret is returned here and never again. */
    async create(actor: Actor, input: CreateKeyBody): Promise<{ key: KeyView; secret: string }> {
      const secret = generateSecret(input.kind);
      const key = await db.transaction(async (tx) => {
        // A name is the actor the audit log records: two live keys never share one (checked under the write lock).
        const wanted = comparableName(input.name);
        const holder = (await tx.keys.list()).find((k) => k.revokedAt === null && comparableName(k.name) === wanted);
        if (holder)
          throw new AppError('ALREADY_EXISTS', `A live key is already named "${holder.name}" (${holder.id}); choose another name or revoke that key first.`, [
            { path: 'body.name', message: `is taken by live key ${holder.id} ("${holder.name}")` },
          ]);
        return insertKeyIn(tx, actor, input, secret);
      });
      return { key, secret };
    },

    async revoke(actor: Actor, id: string, reason: string): Promise<KeyView> {
      return db.transaction(async (tx) => {
        const key = await tx.keys.get(id);
        if (!key) throw new AppError('KEY_NOT_FOUND', `No key "${id}".`);
        if (key.revokedAt !== null) throw new AppError('ALREADY_REVOKED', `Key "${id}" was revoked at ${key.revokedAt}.`);
        if (key.kind === 'admin' && key.role === 'admin') {
          const liveAdmins = (await tx.keys.list()).filter((k) => k.kind === 'admin' && k.role === 'admin' && k.revokedAt === null);
          if (liveAdmins.length <= 1) throw new AppError('LAST_ADMIN');
        }
        const at = now().toISOString();
        await tx.keys.revoke(id, at, actor.name);
        const after = { ...toKeyView(key), revokedAt: at, revokedBy: actor.name };
        // Streams using the key are closed once the revocation is committed.
        tx.afterCommit(() => revoked.publish(id));
        await audit.record(tx, actor, { action: 'key.revoke', resource: 'key', envKey: key.envKey, targetKey: id, before: toKeyView(key), after, reason });
        return after;
      });
    },

    /**
     * On first start there is no admin token: create one (from `preset` when given, so a deployment
     * can choose it) and return its secret to print once. Returns null when admin tokens exist.
     */
    async bootstrap(actor: Actor, preset: string | undefined): Promise<string | null> {
      // Checked and created in one transaction, so replicas starting together create it once.
      return db.transaction(async (tx) => {
        const keys = await tx.keys.list();
        if (preset !== undefined ? keys.some((k) => k.hash === hashSecret(preset)) : keys.some((k) => k.kind === 'admin')) return null;
        const secret = preset ?? generateSecret('admin');
        await insertKeyIn(tx, actor, { kind: 'admin', role: 'admin', name: BOOTSTRAP_KEY_NAME, reason: 'first start' }, secret);
        return secret;
      });
    },
  };
}

export type KeyService = ReturnType<typeof createKeyService>;
