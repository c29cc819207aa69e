import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseClient } from '../../apps/server/test/support/sse-client';
import { RawStream } from '../../apps/server/test/support/ws-client';
import { RawConnection } from '../support/raw-http';
import { ServerProcess } from '../support/server-process';

/**
 * SIGTERM with an admin tab open: the real server process ends its admin event streams, tells its
 * SDKs to go elsewhere, drops connections that never sent a request, and exits promptly.
 */
const server = new ServerProcess();
beforeAll(() => server.start(), 30_000);
afterAll(() => server.dispose());

describe('graceful stop', () => {
  it('exits within seconds of SIGTERM with an admin event stream (signed in like the UI), an SDK stream and a silent connection open', async () => {
    const signIn = await fetch(`${server.baseUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: server.adminToken }) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const events = await SseClient.open(server.baseUrl, { cookie });
    const sdk = new RawStream(server.baseUrl);
    await sdk.hello((await server.sdkKey('server')).secret);
    const silent = new RawConnection(server.port); // a browser's preconnect: never sends a request
    await silent.connected();

    const started = Date.now();
    const code = await server.stop();
    const took = Date.now() - started;
    expect(code).toBe(0);
    expect(took).toBeLessThan(5_000);
    await events.waitEnded(1_000);
    expect(events.closeReason).toBe('shutdown');
    expect((await sdk.next('goaway', 1_000)).type).toBe('goaway');
    await silent.waitClosed(1_000);
    events.close();
    silent.destroy();
  }, 30_000);
});
