/**
 * The admin's development API: the real server (`buildApp`, every route and rule), on an
 * in-memory SQLite database seeded with demo data, one sign-in token per role. Started by the
 * Vite plugin in real-api-plugin.ts (`pnpm --filter @switchyard/admin dev`); a development tool
 * run through tsx, never part of a build.
 *
 * Prints one JSON line on stdout when ready: {"url": …, "tokens": {"admin": …, "editor": …, …}}.
 */
import { buildApp } from '../../server/src/app';
import { createSqliteDatabase } from '../../server/src/db/sqlite/sqlite-database';
import { SYSTEM_ACTOR } from '../../server/src/features/auth/actor';
import { ROLES } from '../../server/src/features/auth/permissions';
import { createServices } from '../../server/src/services';
import { seedDemo } from './demo-seed';

export interface DevApiReady {
  url: string;
  tokens: Record<string, string>;
}

async function main(): Promise<void> {
  const db = createSqliteDatabase(':memory:', (err) => console.error('after-commit hook failed', err));
  const services = createServices({ db });
  await services.environments.ensureDefaults(SYSTEM_ACTOR);
  const bootstrap = await services.keys.bootstrap(SYSTEM_ACTOR, undefined);
  if (bootstrap === null) throw new Error('a fresh in-memory database had an admin key already');
  const app = await buildApp(services, { logger: { level: process.env.LOG_LEVEL ?? 'warn' } });

  const call = async (method: string, url: string, payload?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${bootstrap}` };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const res = await app.inject({ method: method as 'GET', url, headers, payload: payload === undefined ? undefined : JSON.stringify(payload) });
    if (res.statusCode >= 400) throw new Error(`demo data: ${method} ${url} answered ${res.statusCode} ${res.body}`);
    return res.body ? (JSON.parse(res.body) as unknown) : null;
  };
  const tokens: Record<string, string> = { admin: bootstrap };
  for (const role of ROLES) {
    if (role === 'admin') continue;
    const created = (await call('POST', '/api/v1/keys', { kind: 'admin', role, name: `dev-${role}`, reason: 'admin development server' })) as { secret: string };
    tokens[role] = created.secret;
  }
  const environments = ((await call('GET', '/api/v1/environments')) as { items: { key: string }[] }).items.map((e) => e.key);
  await seedDemo(call, environments);

  const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const ready: DevApiReady = { url, tokens };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const stop = () => void app.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The Vite process owns this one: when it goes, so does the API.
  process.stdin.on('end', stop).resume();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
