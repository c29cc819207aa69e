import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from './support/log-capture';
import { startTestServer, type TestServer } from './support/test-server';

// The request log is Fastify's own (pino): one line when a request comes in and one when it is
// answered, bound to the request's id. Nothing of the server's own builds request loggers.

const INFO = 30;
const logs = captureLogs('info');
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ logger: logs.logger });
});
afterAll(async () => {
  await s.close();
});

describe('request log', () => {
  it('logs each request in and out at info, both lines with its request id, method, URL, status and time', async () => {
    const before = logs.lines.length;
    expect((await s.get('/api/v1/flags')).status).toBe(200);
    const lines = logs.lines.slice(before).filter((l) => l.level === INFO && typeof l.reqId === 'string');
    const incoming = lines.find((l) => l.msg === 'incoming request');
    const completed = lines.find((l) => l.msg === 'request completed');
    expect(incoming).toMatchObject({ req: { method: 'GET', url: '/api/v1/flags' } });
    expect(completed).toMatchObject({ reqId: incoming!.reqId, res: { statusCode: 200 } });
    expect(typeof completed!.responseTime).toBe('number');
  });

  it('at warn, logs nothing for requests answered normally (200, 404)', async () => {
    const quiet = captureLogs('warn');
    const t = await startTestServer({ logger: quiet.logger });
    try {
      expect((await t.get('/api/v1/flags')).status).toBe(200);
      expect((await t.get('/api/v1/flags/nope')).status).toBe(404);
      expect(quiet.lines.filter((l) => typeof l.reqId === 'string')).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
