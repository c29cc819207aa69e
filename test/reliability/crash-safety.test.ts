import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashRound } from '../support/crash-round';
import { ServerProcess } from '../support/server-process';

/** Fast variant of the crash soak (bench/soak/crash-soak.ts runs 20 rounds of 1,000 writes). */
const ROUNDS = 3;
const WRITES = 300;

const server = new ServerProcess();
let serverKey: string;
beforeAll(async () => {
  await server.start();
  serverKey = (await server.sdkKey('server')).secret;
});
afterAll(() => server.dispose());

describe('crash safety', () => {
  it(`survives ${ROUNDS} kill -9 during bursts of ${WRITES} writes with nothing acknowledged lost`, async () => {
    let acknowledged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const r = await crashRound(server, round, WRITES, serverKey);
      expect(r.lost, `round ${round}: acknowledged writes lost`).toEqual([]);
      expect(r.missingAudit, `round ${round}: acknowledged writes without their audit entry`).toEqual([]);
      expect(r.chainOk, `round ${round}: audit chain`).toBe(true);
      expect(r.resumedContiguously, `round ${round}: stream resume`).toBe(true);
      expect(r.acknowledged).toBeLessThanOrEqual(r.attempted);
      acknowledged += r.acknowledged;
      console.log(`crash round ${round}: ${r.acknowledged}/${r.attempted} acknowledged, ${r.versionsReplayed} versions replayed on resume`);
    }
    // The kill must land inside the bursts for the test to mean anything.
    expect(acknowledged).toBeGreaterThan(0);
    expect(acknowledged).toBeLessThan(ROUNDS * WRITES);
  }, 120_000);
});
