import { bool, choice, required, str } from '../args';
import type { Command } from '../command';
import { UsageError } from '../errors';
import { shortTime, table } from '../format/table';
import { seg } from '../http/api-client';
import type { KeyView } from '../http/api-types';

const KINDS = ['admin', 'server', 'client'] as const;
const ROLES = ['viewer', 'responder', 'editor', 'admin'] as const;

const list: Command = {
  path: ['keys', 'list'],
  summary: 'list admin tokens and SDK keys (never their secrets)',
  options: { all: { type: 'boolean', description: 'include revoked keys' } },
  async run(ctx, input) {
    const { items } = await ctx.api().get<{ items: KeyView[] }>('/api/v1/keys');
    const shown = bool(input, 'all') ? items : items.filter((k) => k.revokedAt === null);
    if (ctx.json) return ctx.outJson({ items: shown });
    if (shown.length === 0) return ctx.out('No keys.');
    ctx.out(
      table(
        ['ID', 'KIND', 'ROLE/ENV', 'NAME', 'HINT', 'CREATED', 'REVOKED'],
        shown.map((k) => [k.id, k.kind, k.role ?? k.envKey ?? '-', k.name, k.hint, shortTime(k.createdAt), k.revokedAt ? shortTime(k.revokedAt) : '-']),
      ),
    );
  },
};

const create: Command = {
  path: ['keys', 'create'],
  summary: 'create an admin token (with a role) or a server/client SDK key (for an environment); prints the secret once',
  options: {
    kind: { type: 'string', value: 'KIND', description: `required: ${KINDS.join(', ')}` },
    role: { type: 'string', value: 'ROLE', description: `admin tokens: ${ROLES.join(', ')}` },
    env: { type: 'string', value: 'ENV', description: 'server and client keys: the environment' },
    name: { type: 'string', value: 'NAME', description: 'required: who or what uses it' },
    reason: { type: 'string', value: 'TEXT', description: 'why (audited)' },
  },
  async run(ctx, input) {
    const kind = choice(input, 'kind', KINDS);
    if (kind === undefined) throw new UsageError(`--kind is required: ${KINDS.join(', ')}`);
    const name = required(input, 'name', 'who or what will use the key');
    const reason = str(input, 'reason');
    let body: Record<string, unknown>;
    if (kind === 'admin') {
      if (str(input, 'env') !== undefined) throw new UsageError('--env is for server and client keys; admin tokens are for every environment');
      const role = choice(input, 'role', ROLES);
      if (role === undefined) throw new UsageError(`--role is required for an admin token: ${ROLES.join(', ')}`);
      body = { kind, role, name };
    } else {
      if (str(input, 'role') !== undefined) throw new UsageError('--role is for admin tokens only');
      body = { kind, environment: required(input, 'env', `a ${kind} key belongs to one environment`), name };
    }
    if (reason !== undefined) body.reason = reason;
    const created = await ctx.api().post<{ key: KeyView; secret: string }>('/api/v1/keys', body);
    if (ctx.json) return ctx.outJson(created);
    const k = created.key;
    ctx.out(
      [
        `Created ${k.kind === 'admin' ? `admin token (${k.role})` : `${k.kind} key for ${k.envKey}`} "${k.name}": ${k.id}`,
        '',
        'Secret (shown this once; only its hash is stored — copy it now):',
        '',
        `    ${created.secret}`,
        '',
      ].join('\n'),
    );
  },
};

const revoke: Command = {
  path: ['keys', 'revoke'],
  args: ['ID'],
  summary: 'revoke a key or token (its streams are closed; the last admin token cannot be revoked)',
  options: { reason: { type: 'string', value: 'TEXT', description: 'required: why (audited)' } },
  async run(ctx, input) {
    const reason = required(input, 'reason', 'say why');
    const id = input.args.ID!;
    const key = await ctx.api().post<KeyView>(`/api/v1/keys/${seg(id)}/revoke`, { reason });
    if (ctx.json) return ctx.outJson(key);
    ctx.out(`Revoked ${key.id} ("${key.name}") at ${shortTime(key.revokedAt)}.`);
  },
};

export const keyCommands: Command[] = [list, create, revoke];
