import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteExec } from '../apps/server/test/support/db-fingerprint';
import { ServerProcess } from './support/server-process';

const server = new ServerProcess();
const anchored = new ServerProcess();
afterAll(async () => {
  await server.dispose();
  await anchored.dispose();
});

describe('the server as a process', () => {
  it('starts on the SQLite default, keeps data across a kill -9 and restarts on the same port', async () => {
    await server.start();
    const created = await server.api('POST', '/api/v1/flags', { key: 'survivor', type: 'release', owner: 'team-a' });
    expect(created.status).toBe(201);
    const port = server.port;
    await server.kill();
    await server.start();
    expect(server.port).toBe(port);
    const read = await server.api('GET', '/api/v1/flags/survivor');
    expect(read.body.owner).toBe('team-a');
    expect((await server.api('GET', '/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('anchors the audit chain by default: a signing key beside the database, a checkpoint at shutdown, a truncation seen after a restart', async () => {
    await anchored.start();
    const keyFile = join(anchored.dir, 'audit-signing-key.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const publicKey = /Audit checkpoints signed with (ed25519:\S+)/.exec(anchored.output)?.[1];
    expect(publicKey).toBeDefined();
    for (const key of ['one', 'two', 'three']) expect((await anchored.api('POST', '/api/v1/flags', { key, type: 'release', owner: 'team-a' })).status).toBe(201);
    const entries = (await anchored.api('GET', '/api/v1/audit/verify')).body.entries as number;
    await anchored.stop(); // SIGTERM: a last checkpoint covers the newest entry
    expect(existsSync(join(anchored.dir, 'audit-checkpoint-head.json'))).toBe(true);

    await anchored.start();
    const verified = (await anchored.api('GET', '/api/v1/audit/verify')).body;
    expect(verified).toMatchObject({ ok: true, checkpoints: { signing: true, publicKey, newest: { seq: entries }, unanchored: 0 } });
    await anchored.kill();

    // While it is down, someone with the database file removes the newest entries and their checkpoints.
    sqliteExec(anchored.file, 'delete from audit_log where seq > ?', [entries - 2]);
    sqliteExec(anchored.file, 'delete from audit_checkpoints where seq > ?', [entries - 2]);
    await anchored.start();
    const after = (await anchored.api('GET', '/api/v1/audit/verify')).body;
    expect(after.ok).toBe(false);
    expect(after.breaks.map((b: { problem: string }) => b.problem)).toEqual(['checkpoint-missing', 'checkpoint-entry-missing']);
  });
});
