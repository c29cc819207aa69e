import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess } from '../../test/support/server-process';

/** The server the example runs against: its own process, or yours (SWITCHYARD_URL with SWITCHYARD_TOKEN). */
export interface TargetServer {
  readonly baseUrl: string;
  /** Where the example keeps its customers database. */
  readonly dir: string;
  /** What to call it in the log. */
  readonly description: string;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  sdkKey(kind: 'server' | 'client', environment: string): Promise<{ id: string; secret: string }>;
  dispose(): Promise<void>;
}

/**
 * With SWITCHYARD_URL and SWITCHYARD_TOKEN (an admin token: it creates a flag and a server key), your
 * server; otherwise a server process of its own on a temporary database.
 */
export async function targetServer(env: NodeJS.ProcessEnv = process.env): Promise<TargetServer> {
  const url = env.SWITCHYARD_URL;
  const token = env.SWITCHYARD_TOKEN;
  if (url === undefined && token === undefined) {
    const server = new ServerProcess();
    await server.start();
    return {
      baseUrl: server.baseUrl,
      dir: server.dir,
      description: `its own server at ${server.baseUrl} (database ${server.file})`,
      api: server.api.bind(server),
      sdkKey: server.sdkKey.bind(server),
      dispose: () => server.dispose(),
    };
  }
  if (!url || !token) throw new Error('set both SWITCHYARD_URL and SWITCHYARD_TOKEN (an admin token), or neither to start a server of its own');
  const baseUrl = url.replace(/\/+$/, '');
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-example-'));
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    baseUrl,
    dir,
    description: `your server at ${baseUrl}`,
    api,
    async sdkKey(kind, environment) {
      const res = await api('POST', '/api/v1/keys', { kind, environment, name: `migration-example-${randomBytes(3).toString('hex')}` });
      if (res.status !== 201) throw new Error(`key creation failed (${res.status}): ${JSON.stringify(res.body)}`);
      return { id: res.body.key.id, secret: res.body.secret };
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
