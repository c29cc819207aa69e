import { afterAll, describe, expect, it } from 'vitest';
import { createEvaluator } from '../../packages/core/src/index';
import { caseContext, comparableResult, loadEvaluationFixtures } from '../support/fixtures';
import { quietLogger } from './support/admin';
import { createClient, createTestData, type EvaluationContext, type SwitchyardClient } from './support/sdk';

const files = loadEvaluationFixtures();
const clients: SwitchyardClient[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));

describe("variationDetail(..., { trace: true }) returns core's explain trace, computed locally", () => {
  for (const file of files) {
    it(`${file.file}: same result as variationDetail, and the trace core's explain gives`, () => {
      const client = createClient({ testData: createTestData().setRuleSet({ flags: file.flags, segments: file.segments }), logger: quietLogger });
      clients.push(client);
      const core = createEvaluator({ flags: file.flags, segments: file.segments });
      for (const c of file.cases) {
        const context = caseContext(c) as EvaluationContext;
        const plain = client.variationDetail(c.flag, context, null);
        const traced = client.variationDetail(c.flag, context, null, { trace: true });
        const { trace, ...detail } = traced;
        expect(comparableResult(detail), c.name).toEqual(comparableResult(plain));
        expect(JSON.parse(JSON.stringify(trace)), c.name).toEqual(JSON.parse(JSON.stringify(core.explain(c.flag, context))));
        if (plain.variant !== undefined) expect(trace?.result, c.name).toBe(plain);
      }
    });
  }

  it('has no trace before the client has data, and the caller default', () => {
    const client = createClient({ sdkKey: 'srv-never-connects', baseUrl: 'http://127.0.0.1:9', logger: quietLogger });
    clients.push(client);
    const detail = client.variationDetail('any', { key: 'a' }, 'fallback', { trace: true });
    expect(detail).toMatchObject({ value: 'fallback', reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' });
    expect(detail.trace).toBeUndefined();
  });
});
