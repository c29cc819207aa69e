import { FLAG_TYPES, type FlagType } from '@switchyard/core';
import { bool, choice, required, str } from '../args';
import type { Command, CommandContext } from '../command';
import { UsageError } from '../errors';
import { seg } from '../http/api-client';
import type { ConfigOutcome, ConfigView, FlagView } from '../http/api-types';
import { brief, plural, shortDate, shortTime, table } from '../format/table';

const envOption = { type: 'string', value: 'ENV', description: 'environment key, e.g. production' } as const;
const reasonOption = { type: 'string', value: 'TEXT', description: 'why: recorded in the audit log' } as const;

/**
 * What SDKs are served for a flag in one environment: `on`, `off` or `KILLED`; for a migration flag
 * (always on), its stage (`off`, `dualwrite`…), as `stage off` when `labelled`.
 */
export function stateOf(c: ConfigView | undefined, f?: Pick<FlagView, 'type' | 'variations'>): string {
  if (!c) return '-';
  if (c.killed) return 'KILLED';
  if (f?.type === 'migration' && c.enabled && 'variation' in c.fallthrough) {
    const stage = f.variations[c.fallthrough.variation]?.name;
    if (stage !== undefined) return `stage ${stage}`;
  }
  return c.enabled ? 'on' : 'off';
}

const list: Command = {
  path: ['flags', 'list'],
  summary: 'list live flags with their state in every environment',
  options: {
    tag: { type: 'string', value: 'TAG', description: 'only flags with this tag' },
    owner: { type: 'string', value: 'OWNER', description: 'only flags of this owner' },
    type: { type: 'string', value: 'TYPE', description: `only flags of this type (${FLAG_TYPES.join(', ')})` },
    stale: { type: 'boolean', description: 'only flags past their expiry date' },
  },
  async run(ctx, input) {
    const { items } = await ctx.api().get<{ items: FlagView[] }>('/api/v1/flags', {
      tag: str(input, 'tag'),
      owner: str(input, 'owner'),
      type: choice(input, 'type', FLAG_TYPES),
      stale: bool(input, 'stale') ? true : undefined,
    });
    if (ctx.json) return ctx.outJson({ items });
    if (items.length === 0) return ctx.out('No flags.');
    const envs = [...new Set(items.flatMap((f) => Object.keys(f.environments)))].sort();
    const rows = items.map((f) => [f.key, f.type, f.owner, f.tags.join(',') || '-', shortDate(f.expiresAt), ...envs.map((e) => stateOf(f.environments[e], f))]);
    ctx.out(table(['KEY', 'TYPE', 'OWNER', 'TAGS', 'EXPIRES', ...envs.map((e) => e.toUpperCase())], rows));
  },
};

const get: Command = {
  path: ['flags', 'get'],
  args: ['KEY'],
  summary: "show a flag's definition and its config in every environment",
  async run(ctx, input) {
    const flag = await ctx.api().get<FlagView>(`/api/v1/flags/${seg(input.args.KEY!)}`);
    if (ctx.json) return ctx.outJson(flag);
    ctx.out(describeFlag(flag));
  },
};

export function describeFlag(f: FlagView): string {
  const lines = [
    `${f.key}  (${f.type}, ${f.variationType}${f.clientSide ? ', client-side' : ''}${f.archivedAt ? `, ARCHIVED ${shortTime(f.archivedAt)}` : ''})`,
    `  name:        ${f.name}`,
    ...(f.description ? [`  description: ${f.description}`] : []),
    `  owner:       ${f.owner}`,
    `  tags:        ${f.tags.join(', ') || '-'}`,
    `  expires:     ${shortDate(f.expiresAt)}`,
    `  created:     ${shortTime(f.createdAt)}   version ${f.version}`,
    `  variations:  ${f.variations.map((v, i) => `${i}=${v.name} ${brief(v.value, 40)}${i === f.offVariation ? ' (off)' : ''}`).join('   ')}`,
    '',
  ];
  const rows = Object.entries(f.environments)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([env, c]) => [env, stateOf(c, f), String(c.targets.length), String(c.rules.length), serveText(c.fallthrough, f), String(c.prerequisites.length), String(c.revision ?? '-'), String(c.version)]);
  lines.push(table(['ENVIRONMENT', 'STATE', 'TARGETS', 'RULES', 'FALLTHROUGH', 'PREREQS', 'REVISION', 'ENV VERSION'], rows));
  for (const [env, c] of Object.entries(f.environments)) if (c.killed) lines.push(`  ${env}: killed by ${c.killed.by} at ${shortTime(c.killed.at)}: ${c.killed.reason}`);
  return lines.join('\n');
}

function serveText(serve: ConfigView['fallthrough'], f: FlagView): string {
  if ('variation' in serve) return f.variations[serve.variation]?.name ?? `#${serve.variation}`;
  return serve.rollout.variations.map((v) => `${f.variations[v.variation]?.name ?? `#${v.variation}`} ${v.weight / 1000}%`).join(' / ');
}

/** `2027-01-31` → midnight UTC; `never` → null (permanent); an ISO date-time as is. */
export function parseExpiry(text: string): string | null {
  if (text === 'never' || text === 'permanent') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${text}T00:00:00.000Z`;
  if (Number.isNaN(Date.parse(text))) throw new UsageError(`--expires must be a date (2027-01-31), an ISO date-time or "never"; got "${text}"`);
  return text;
}

const create: Command = {
  path: ['flags', 'create'],
  args: ['KEY'],
  summary: 'create a flag (off everywhere, serving its safe default)',
  options: {
    type: { type: 'string', value: 'TYPE', description: `required: ${FLAG_TYPES.join(', ')}` },
    owner: { type: 'string', value: 'OWNER', description: 'required: the team that owns it' },
    name: { type: 'string', value: 'NAME', description: 'display name (default: the key)' },
    description: { type: 'string', value: 'TEXT', description: 'what it is for' },
    expires: { type: 'string', value: 'DATE', description: 'expected removal date, or "never" (default from the type)' },
    'client-side': { type: 'boolean', description: 'visible to browser SDKs' },
    tags: { type: 'string', value: 'A,B', description: 'comma-separated tags' },
    reason: reasonOption,
  },
  async run(ctx, input) {
    const type = choice(input, 'type', FLAG_TYPES) ?? (required(input, 'type', FLAG_TYPES.join(', ')) as FlagType);
    const owner = required(input, 'owner', 'every flag has an owner');
    const expires = str(input, 'expires');
    const tags = str(input, 'tags');
    const body = {
      key: input.args.KEY,
      type,
      owner,
      ...(str(input, 'name') !== undefined ? { name: str(input, 'name') } : {}),
      ...(str(input, 'description') !== undefined ? { description: str(input, 'description') } : {}),
      ...(expires !== undefined ? { expiresAt: parseExpiry(expires) } : {}),
      ...(bool(input, 'client-side') ? { clientSide: true } : {}),
      ...(tags !== undefined ? { tags: tags.split(',').map((t) => t.trim()).filter((t) => t !== '') } : {}),
      ...(str(input, 'reason') !== undefined ? { reason: str(input, 'reason') } : {}),
    };
    const flag = await ctx.api().post<FlagView>('/api/v1/flags', body);
    if (ctx.json) return ctx.outJson(flag);
    ctx.out(`Created flag "${flag.key}" (${flag.type}, owner ${flag.owner}, expires ${shortDate(flag.expiresAt)}): off in ${plural(Object.keys(flag.environments).length, 'environment')}.`);
  },
};

async function readConfig(ctx: CommandContext, key: string, env: string): Promise<ConfigView> {
  return ctx.api().get<ConfigView>(`/api/v1/flags/${seg(key)}/environments/${seg(env)}`);
}

const toggle: Command = {
  path: ['flags', 'toggle'],
  args: ['KEY'],
  summary: 'turn a flag on or off in one environment (based on the version just read)',
  options: {
    env: envOption,
    on: { type: 'boolean', description: 'turn it on' },
    off: { type: 'boolean', description: 'turn it off' },
    reason: reasonOption,
  },
  async run(ctx, input) {
    const env = required(input, 'env');
    const on = bool(input, 'on');
    if (on === bool(input, 'off')) throw new UsageError('give exactly one of --on or --off');
    const key = input.args.KEY!;
    const current = await readConfig(ctx, key, env);
    if (current.enabled === on) {
      if (ctx.json) return ctx.outJson({ changed: false, config: current });
      return ctx.out(`"${key}" is already ${on ? 'on' : 'off'} in ${env}; nothing changed.`);
    }
    const reason = str(input, 'reason');
    const next = await ctx.api().post<ConfigView>(`/api/v1/flags/${seg(key)}/environments/${seg(env)}/toggle`, {
      enabled: on,
      baseVersion: current.version,
      ...(reason !== undefined ? { reason } : {}),
    });
    if (ctx.json) return ctx.outJson({ changed: true, config: next });
    ctx.out(`Turned "${key}" ${on ? 'on' : 'off'} in ${env} (version ${next.version}).${next.killed ? ` It is still KILLED (by ${next.killed.by}): it serves its off variation until restored.` : ''}`);
  },
};

function killCommand(name: 'kill' | 'restore'): Command {
  const killing = name === 'kill';
  return {
    path: ['flags', name],
    args: ['KEY'],
    summary: killing ? 'engage the kill switch: serve the off variation whatever the rules (no version needed)' : 'release the kill switch',
    options: { env: envOption, reason: { ...reasonOption, description: 'required: why (recorded in the audit log)' } },
    async run(ctx, input) {
      const env = required(input, 'env');
      const reason = required(input, 'reason', killing ? 'say why you kill it (e.g. the incident)' : 'say why it is safe again');
      const key = input.args.KEY!;
      const next = await ctx.api().post<ConfigOutcome>(`/api/v1/flags/${seg(key)}/environments/${seg(env)}/${name}`, { reason });
      if (ctx.json) return ctx.outJson(next);
      if (!next.changed)
        return ctx.out(
          next.killed
            ? `"${key}" is already killed in ${env} (by ${next.killed.by} at ${shortTime(next.killed.at)}: ${next.killed.reason}); nothing changed.`
            : `"${key}" is not killed in ${env}; nothing changed.`,
        );
      ctx.out(killing ? `Killed "${key}" in ${env}: it serves its off variation (version ${next.version}).` : `Restored "${key}" in ${env}: it is ${next.enabled ? 'on' : 'off'} again, serving its rules (version ${next.version}).`);
    },
  };
}

export const flagCommands: Command[] = [list, get, create, toggle, killCommand('kill'), killCommand('restore')];
