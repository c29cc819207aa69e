import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseContext, comparableResult, loadEvaluationFixtures, type EvaluationFixtureCase } from '../support/fixtures';
import { quietLogger } from './support/admin';
import { createClient, createTestData, type EvaluationContext, type SwitchyardClient } from './support/sdk';

const files = loadEvaluationFixtures();
const dir = mkdtempSync(join(tmpdir(), 'switchyard-fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One case through the SDK's public API: the typed method for its expectedType, else the untyped one. */
function evaluate(client: SwitchyardClient, c: EvaluationFixtureCase) {
  const context = caseContext(c) as EvaluationContext;
  const fallback = c.default ?? null;
  switch (c.expectedType) {
    case undefined:
      return client.variationDetail(c.flag, context, null);
    case 'boolean':
      return client.boolVariationDetail(c.flag, context, fallback as boolean);
    case 'string':
      return client.stringVariationDetail(c.flag, context, fallback as string);
    case 'number':
      return client.numberVariationDetail(c.flag, context, fallback as number);
    case 'json':
      return client.jsonVariationDetail(c.flag, context, fallback);
  }
}

describe('shared evaluation fixtures through the Node SDK', () => {
  it('cover at least 100 cases', () => {
    expect(files.reduce((n, f) => n + f.cases.length, 0)).toBeGreaterThanOrEqual(100);
  });

  for (const file of files) {
    describe(file.file, () => {
      const testData = createTestData().setRuleSet({ flags: file.flags, segments: file.segments });
      const bootstrapFile = join(dir, file.file);
      writeFileSync(bootstrapFile, JSON.stringify({ environment: 'fixtures', version: 1, flags: file.flags, segments: file.segments }));
      const sources: [string, () => SwitchyardClient][] = [
        ['test data', () => createClient({ testData, logger: quietLogger })],
        ['bootstrap', () => createClient({ offline: true, bootstrap: { flags: file.flags, segments: file.segments }, logger: quietLogger })],
        ['bootstrap file', () => createClient({ offline: true, bootstrapFile, logger: quietLogger })],
      ];
      for (const [source, make] of sources) {
        it(`every case, from ${source}`, () => {
          const client = make();
          expect(client.status()).toBe('ready');
          for (const c of file.cases) expect(comparableResult(evaluate(client, c)), c.name).toEqual(c.expected);
          void client.close();
        });
      }
    });
  }
});
