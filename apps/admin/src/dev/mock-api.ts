import { defaultExpiry, DEFAULT_BOOLEAN_VARIATIONS, type EnvironmentConfig, type FlagDefinition } from '@switchyard/core';
import type { AuditEntry, FlagView, Role } from '../api/types';
import { createMockExtras } from './mock-extras';
import { buildFlags, ENVIRONMENTS, seedAudit } from './mock-data';

/**
 * A fake /api/v1 in the browser for `--mode mock` (screenshots, demos). It follows the contract
 * the UI is written against — session cookie stand-in, CSRF header on mutations, baseVersion
 * checks, error shapes — closely enough to exercise the UI. Never in the production build.
 *
 * `?as=<role>` before the hash signs in as that role at once. `window.__mock.bump(key, env)`
 * plays another person's save, to show the conflict flow.
 */
type Json = Record<string, unknown>;
const err = (status: number, code: string, message: string, details: unknown = []) => ({ status, body: { code, message, details } });

export function installMockApi(): void {
  const flags = buildFlags();
  const audit: AuditEntry[] = seedAudit(flags);
  const params = new URLSearchParams(window.location.search);
  const asRole = params.get('as') as Role | null;
  let session: { actor: { name: string; role: Role }; csrfToken: string } | null = asRole ? { actor: { name: `${asRole === 'responder' ? 'dana.ops' : 'maria'}`, role: asRole }, csrfToken: 'csrf-mock' } : null;
  const envVersion: Record<string, number> = Object.fromEntries(ENVIRONMENTS.map((e) => [e.key, 100]));
  const nowIso = () => new Date().toISOString();
  const extras = createMockExtras({ flags, role: () => session?.actor.role ?? null });

  const record = (e: Omit<AuditEntry, 'seq' | 'at' | 'actor' | 'actorKeyId' | 'prevHash' | 'hash' | 'targetKey'>) =>
    audit.push({ seq: audit.length + 1, at: nowIso(), actor: session?.actor.name ?? 'system', actorKeyId: 'key_m', prevHash: 'x', hash: 'y', targetKey: null, ...e });

  const strip = (c: EnvironmentConfig & { updatedAt?: string }) => {
    const { updatedAt: _u, ...rest } = c;
    return rest as EnvironmentConfig;
  };
  const defOf = (f: FlagView): FlagDefinition => {
    const { environments: _e, updatedAt: _u, ...d } = f;
    return d;
  };

  const changeConfig = (f: FlagView, env: string, action: string, reason: string | null, patch: Partial<EnvironmentConfig>) => {
    const before = strip(f.environments[env]!);
    envVersion[env] = (envVersion[env] ?? 0) + 1;
    const after = { ...before, ...patch, version: envVersion[env]! };
    f.environments[env] = { ...after, updatedAt: nowIso() };
    record({ action, resource: 'flag-config', flagKey: f.key, envKey: env, before, after, reason });
    return { status: 200, body: { ...after, flagKey: f.key, envKey: env, updatedAt: nowIso() } };
  };

  const handle = (method: string, path: string, query: URLSearchParams, body: Json, headers: Headers): { status: number; body?: unknown } => {
    if (path === '/session') {
      if (method === 'GET') return session ? { status: 200, body: session } : err(401, 'UNAUTHENTICATED', 'No session.');
      if (method === 'POST') {
        const token = String(body.token ?? '');
        const role = (['viewer', 'responder', 'editor', 'admin'] as Role[]).find((r) => token.includes(r)) ?? (token.startsWith('sya_') ? 'admin' : null);
        if (!role) return err(401, 'UNAUTHENTICATED', 'Unknown token.');
        session = { actor: { name: role === 'responder' ? 'dana.ops' : 'maria', role }, csrfToken: 'csrf-mock' };
        return { status: 200, body: session };
      }
      if (method === 'DELETE') {
        session = null;
        return { status: 204 };
      }
    }
    if (!session) return err(401, 'UNAUTHENTICATED', 'Sign in first.');
    if (method !== 'GET' && headers.get('x-csrf-token') !== session.csrfToken) return err(403, 'FORBIDDEN', 'Missing CSRF token.');
    const role = session.actor.role;
    const need = (p: 'edit' | 'kill') => (role === 'viewer' || (p === 'edit' && role === 'responder') ? err(403, 'FORBIDDEN', 'Your role does not allow this.', { role, required: p }) : null);

    if (path === '/environments' && method === 'GET') return { status: 200, body: { items: ENVIRONMENTS } };
    const extra = extras(method, path, query, body);
    if (extra) return extra;
    if (/^\/environments\/[^/]+\/delivery$/.test(path)) return { status: 200, body: { environment: path.split('/')[2], version: Number(query.get('version')), total: 37, applied: 37, server: { total: 12, applied: 12 }, client: { total: 25, applied: 25 } } };
    if (path === '/audit/verify')
      return { status: 200, body: { ok: true, entries: audit.length, breaks: [], breakCount: 0, checkpoints: { signing: true, publicKey: null, checked: 1, newest: { seq: audit.length, at: new Date().toISOString() }, unanchored: 0 } } };
    if (path === '/audit' || /^\/flags\/[^/]+\/audit$/.test(path)) {
      const flagKey = path === '/audit' ? query.get('flag') : decodeURIComponent(path.split('/')[2]!);
      const before = Number(query.get('before') ?? Infinity);
      const limit = Number(query.get('limit') ?? 100);
      const items = [...audit]
        .reverse()
        .filter((e) => e.seq < before && (!flagKey || e.flagKey === flagKey) && (!query.get('environment') || e.envKey === query.get('environment')))
        .filter((e) => (!query.get('actor') || e.actor === query.get('actor')) && (!query.get('action') || e.action === query.get('action')))
        .slice(0, limit);
      return { status: 200, body: { items, nextBefore: items.length === limit ? items[items.length - 1]!.seq : null } };
    }
    if (path === '/flags' && method === 'GET') {
      const archived = query.get('archived') === 'true';
      const env = query.get('environment');
      const q = query.get('q')?.toLowerCase();
      const items = flags.filter(
        (f) =>
          (f.archivedAt !== null) === archived &&
          (!q || f.key.includes(q) || f.name.toLowerCase().includes(q)) &&
          (!query.get('type') || f.type === query.get('type')) &&
          (!query.get('tag') || f.tags.includes(query.get('tag')!)) &&
          (!query.get('owner') || f.owner === query.get('owner')) &&
          (query.get('stale') === null || (f.expiresAt !== null && f.expiresAt < nowIso()) === (query.get('stale') === 'true')) &&
          (!env || query.get('killed') === null || (f.environments[env]?.killed != null) === (query.get('killed') === 'true')) &&
          (!env || query.get('enabled') === null || f.environments[env]?.enabled === (query.get('enabled') === 'true')),
      );
      return { status: 200, body: { items } };
    }
    if (path === '/flags' && method === 'POST') {
      const denied = need('edit');
      if (denied) return denied;
      if (flags.some((f) => f.key === body.key)) return err(409, 'ALREADY_EXISTS', `A flag "${String(body.key)}" already exists.`);
      const type = body.type as FlagDefinition['type'];
      const variations = (body.variations as FlagDefinition['variations']) ?? DEFAULT_BOOLEAN_VARIATIONS;
      const f: FlagView = {
        key: String(body.key),
        name: String(body.name ?? body.key),
        description: String(body.description ?? ''),
        type,
        owner: String(body.owner),
        tags: (body.tags as string[]) ?? [],
        createdAt: nowIso(),
        expiresAt: body.expiresAt === undefined ? defaultExpiry(type, new Date()) : (body.expiresAt as string | null),
        variationType: (body.variationType as FlagDefinition['variationType']) ?? 'boolean',
        variations: [...variations],
        offVariation: Number(body.offVariation ?? 0),
        clientSide: Boolean(body.clientSide),
        archivedAt: null,
        version: 1,
        updatedAt: nowIso(),
        environments: Object.fromEntries(ENVIRONMENTS.map((e) => [e.key, { enabled: false, killed: null, targets: [], rules: [], fallthrough: { variation: Number(body.onVariation ?? 1) }, prerequisites: [], version: 1, updatedAt: nowIso() }])),
      };
      flags.push(f);
      record({ action: 'flag.create', resource: 'flag', flagKey: f.key, envKey: null, before: null, after: defOf(f), reason: (body.reason as string) ?? null });
      return { status: 201, body: f };
    }
    const m = path.match(/^\/flags\/([^/]+)(?:\/(archive|unarchive)|\/environments\/([^/]+)(?:\/(toggle|kill|restore))?)?$/);
    if (!m) return err(404, 'ROUTE_NOT_FOUND', 'No such route.');
    const f = flags.find((x) => x.key === decodeURIComponent(m[1]!));
    if (!f) return err(404, 'FLAG_NOT_FOUND', 'No such flag.');
    const [, , archiveOp, env, op] = m;
    if (!archiveOp && !env) {
      if (method === 'GET') return { status: 200, body: f };
      const denied = need('edit');
      if (denied) return denied;
      if (body.baseVersion !== f.version) return err(409, 'VERSION_CONFLICT', `Flag is at version ${f.version}.`, { currentVersion: f.version, current: defOf(f) });
      const before = defOf(f);
      const { baseVersion: _b, reason, ...changes } = body;
      Object.assign(f, changes, { version: f.version + 1, updatedAt: nowIso() });
      record({ action: 'flag.update', resource: 'flag', flagKey: f.key, envKey: null, before, after: defOf(f), reason: (reason as string) ?? null });
      return { status: 200, body: f };
    }
    if (archiveOp) {
      const denied = need('edit');
      if (denied) return denied;
      const before = defOf(f);
      f.archivedAt = archiveOp === 'archive' ? nowIso() : null;
      f.version++;
      record({ action: `flag.${archiveOp}`, resource: 'flag', flagKey: f.key, envKey: null, before, after: defOf(f), reason: (body.reason as string) ?? null });
      return { status: 200, body: f };
    }
    const config = f.environments[env!];
    if (!config) return err(404, 'ENVIRONMENT_NOT_FOUND', 'No such environment.');
    if (method === 'GET') return { status: 200, body: { ...config, flagKey: f.key, envKey: env } };
    const denied = need(op === 'kill' || op === 'restore' ? 'kill' : 'edit');
    if (denied) return denied;
    if (op === 'kill') {
      if (config.killed) return { status: 200, body: { ...config, flagKey: f.key, envKey: env, changed: false } };
      return changeConfig(f, env!, 'flag.kill', String(body.reason), { killed: { by: session.actor.name, at: nowIso(), reason: String(body.reason) } });
    }
    if (op === 'restore') {
      if (!config.killed) return { status: 200, body: { ...config, flagKey: f.key, envKey: env, changed: false } };
      return changeConfig(f, env!, 'flag.restore', String(body.reason), { killed: null });
    }
    if (body.baseVersion !== config.version) return err(409, 'VERSION_CONFLICT', `Config is at version ${config.version}.`, { currentVersion: config.version, current: strip(config) });
    const { baseVersion: _b, reason, ...changes } = body;
    if (op === 'toggle') return changeConfig(f, env!, body.enabled ? 'flag.enable' : 'flag.disable', (reason as string) ?? null, { enabled: Boolean(body.enabled) });
    return changeConfig(f, env!, 'flag.config.update', (reason as string) ?? null, changes as Partial<EnvironmentConfig>);
  };

  const realFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, window.location.href);
    if (!url.pathname.startsWith('/api/v1')) return realFetch(input, init);
    await new Promise((r) => setTimeout(r, 120));
    const body = init?.body ? (JSON.parse(String(init.body)) as Json) : {};
    const res = handle(init?.method ?? 'GET', url.pathname.slice('/api/v1'.length), url.searchParams, body, new Headers(init?.headers));
    return new Response(res.status === 204 ? null : JSON.stringify(res.body), { status: res.status, headers: { 'content-type': 'application/json' } });
  };

  (window as unknown as { __mock: unknown }).__mock = {
    /** Someone else edits a config: a rule is added, the version moves on. */
    bump(key: string, env: string) {
      const f = flags.find((x) => x.key === key)!;
      const c = f.environments[env]!;
      const prev = session;
      session = { actor: { name: 'jordan', role: 'editor' }, csrfToken: 'x' };
      changeConfig(f, env, 'flag.config.update', 'hotfix: exclude bots', {
        rules: [{ description: 'No bots', clauses: [{ attribute: 'userAgent', op: 'contains', values: ['bot'] }], serve: { variation: 0 } }, ...c.rules],
      });
      session = prev;
    },
  };
}
