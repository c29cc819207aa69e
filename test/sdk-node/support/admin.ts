import type { ServerProcess } from '../../support/server-process';
import type { RuleSet } from './sdk';

const ENV = 'production';
export const configPath = (flag: string) => `/api/v1/flags/${flag}/environments/${ENV}`;

/** Throws unless the admin API answered 2xx. */
export async function ok(server: ServerProcess, method: string, path: string, body?: unknown): Promise<any> {
  const res = await server.api(method, path, body);
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The production config's current version of a flag (the base version of the next edit). */
export async function configVersion(server: ServerProcess, flag: string): Promise<number> {
  return (await ok(server, 'GET', configPath(flag))).version;
}

export async function createFlag(server: ServerProcess, key: string, extra: Record<string, unknown> = {}): Promise<void> {
  await ok(server, 'POST', '/api/v1/flags', { key, type: 'release', owner: 'team-sdk', ...extra });
}

export async function toggle(server: ServerProcess, flag: string, enabled: boolean): Promise<number> {
  return (await ok(server, 'POST', `${configPath(flag)}/toggle`, { enabled, baseVersion: await configVersion(server, flag) })).version;
}

export async function updateConfig(server: ServerProcess, flag: string, fields: Record<string, unknown>): Promise<number> {
  return (await ok(server, 'PATCH', configPath(flag), { ...fields, baseVersion: await configVersion(server, flag) })).version;
}

/** GET /sdk/v1/flags with a server key: the server's rule set for the key's environment. */
export async function serverRuleSet(server: ServerProcess, sdkKey: string): Promise<RuleSet & { etag: string }> {
  const res = await fetch(`${server.baseUrl}/sdk/v1/flags`, { headers: { authorization: `Bearer ${sdkKey}` } });
  if (res.status !== 200) throw new Error(`GET /sdk/v1/flags → ${res.status}`);
  return { ...((await res.json()) as RuleSet), etag: res.headers.get('etag') ?? '' };
}

/**
 * Flags and segments sorted by key, for comparing rule sets. Segment `version`s are left out:
 * the server streams a segment patch with the environment version in `data.version`, but serves
 * the segment's own edit counter in `GET /sdk/v1/flags` (apps/server segment-service `publish`
 * vs rule-set-cache), so the two never agree. Evaluation does not read it. Reported to the lead.
 */
export function normalized(ruleSet: RuleSet): { version: number; flags: RuleSet['flags']; segments: Omit<RuleSet['segments'][number], 'version'>[] } {
  const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    version: ruleSet.version,
    flags: [...ruleSet.flags].sort(byKey),
    segments: [...ruleSet.segments].sort(byKey).map(({ version: _v, ...segment }) => segment),
  };
}

/** A logger that keeps quiet unless SWITCHYARD_TEST_LOGS is set. */
export const quietLogger = {
  debug() {},
  info() {},
  warn: (m: string) => process.env.SWITCHYARD_TEST_LOGS && console.warn(m),
  error: (m: string) => process.env.SWITCHYARD_TEST_LOGS && console.error(m),
};
