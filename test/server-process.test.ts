import { afterAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process';

const server = new ServerProcess();
afterAll(() => server.dispose());

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
});
