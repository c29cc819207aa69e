/**
 * The shared evaluation fixtures, for browsers. A browser never evaluates: the server does, with
 * `evaluateValues` over its `EnvironmentState`, and sends the results in `values` messages. So this
 * suite checks (1) that the server's evaluation for browsers gives each case's expected result,
 * exactly as core does, and (2) for cases with `expectedType`, that the SDK's typed methods, fed a
 * `values` frame built from that evaluation, give the expected result too.
 * A served value has no rule index, rule id or kill flag, so only value, variant, reason and
 * errorCode are compared.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateValues } from '../../apps/server/src/features/streaming/client-values';
import { EnvironmentState } from '../../apps/server/src/features/streaming/environment-state';
import { createEvaluator, type EvaluationContext, type ServedValue, type VariationType } from '../../packages/core/src/index';
import { createBrowserClient, type BrowserClient, type FlagDetail } from '../../packages/sdk-browser/src/index';
import { fakeWebSocket, quiet } from '../../packages/sdk-browser/test/fake-socket';
import { caseContext, comparableResult, loadEvaluationFixtures, type ExpectedResult } from '../support/fixtures';

const files = loadEvaluationFixtures();
const clients: BrowserClient[] = [];
afterAll(() => clients.forEach((c) => c.close()));

/** The fields a served value can carry. */
function served(r: ExpectedResult | ServedValue | FlagDetail<unknown>): Pick<ExpectedResult, 'value' | 'variant' | 'reason' | 'errorCode'> {
  const out: Pick<ExpectedResult, 'value' | 'variant' | 'reason' | 'errorCode'> = { value: r.value as ExpectedResult['value'], reason: r.reason };
  if (r.variant !== undefined) out.variant = r.variant;
  if (r.errorCode !== undefined) out.errorCode = r.errorCode;
  return out;
}

/** A browser client that got `values` for its context 0 over a (fake) stream, as real frames. */
function browserWith(values: Record<string, ServedValue>): BrowserClient {
  const ws = fakeWebSocket();
  const client = createBrowserClient({ clientKey: 'cli', baseUrl: 'http://fixtures.test', context: {}, webSocket: ws.WebSocket, storage: null, logger: quiet });
  clients.push(client);
  ws.last().accept(values, 1);
  return client;
}

function typed(client: BrowserClient, flag: string, type: VariationType, fallback: unknown): FlagDetail<unknown> {
  switch (type) {
    case 'boolean':
      return client.boolVariationDetail(flag, fallback as boolean);
    case 'string':
      return client.stringVariationDetail(flag, fallback as string);
    case 'number':
      return client.numberVariationDetail(flag, fallback as number);
    default:
      return client.jsonVariationDetail(flag, fallback as never);
  }
}

describe('shared evaluation fixtures, for browsers', () => {
  it('hold at least 100 cases, some of them typed', () => {
    const cases = files.flatMap((f) => f.cases);
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(cases.filter((c) => c.expectedType !== undefined).length).toBeGreaterThan(0);
  });
});

for (const file of files) {
  describe(file.file, () => {
    const state = new EnvironmentState({ environment: 'fixtures', version: 1, flags: file.flags, segments: file.segments });
    const core = createEvaluator({ flags: file.flags, segments: file.segments });
    // Every flag of the file as if client-side: the browser path is about evaluation, not visibility.
    const keys = file.flags.map((f) => f.key);
    for (const c of file.cases) {
      it(c.name, () => {
        const context = caseContext(c) as EvaluationContext;
        const values = evaluateValues(state, keys, context);
        if (c.expectedType === undefined) {
          const server = evaluateValues(state, [c.flag], context)[c.flag]!;
          expect(server).toEqual(served(c.expected));
          expect(server).toEqual(served(comparableResult(core.evaluate(c.flag, context))));
        } else {
          const detail = typed(browserWith(values), c.flag, c.expectedType, c.default ?? null);
          expect(served(detail)).toEqual(served(c.expected));
        }
      });
    }
  });
}
