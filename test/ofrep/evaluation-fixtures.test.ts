/**
 * The shared evaluation fixtures, through the OFREP endpoint: every case's flag evaluated by
 * `POST /ofrep/v1/evaluate/flags/{key}` (the server's real routes, key check and error handling,
 * over inject) agrees with core — the same value and variant, the reason mapped as docs/ofrep.md
 * says with the exact one in `metadata.switchyardReason`, and an ERROR as OFREP's failure with the
 * same error code (the provider then serves the caller's default).
 *
 * OFREP's context is a JSON object: a case without a context is sent `{}` (core evaluates both the
 * same: checked below), and a case whose context is not an object (null, an array, a string), or is
 * one the stream would refuse too (too many attributes, non-string keys, a `__proto__` attribute), must be refused with
 * INVALID_CONTEXT naming body.context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFREP_REASONS } from '../../apps/server/src/features/ofrep/ofrep-wire';
import { EnvironmentState } from '../../apps/server/src/features/streaming/environment-state';
import { startOfrepHarness } from '../../apps/server/test/support/ofrep-harness';
import { checkJsonShape, contextWireSchema, createEvaluator, PROTOCOL_LIMITS, type EvaluationContext, type EvaluationReason } from '../../packages/core/src/index';
import { caseContext, loadEvaluationFixtures } from '../support/fixtures';

const files = loadEvaluationFixtures();
let harness: Awaited<ReturnType<typeof startOfrepHarness>>;
let state: EnvironmentState;
const tally = { agreed: 0, refused: 0 };

beforeAll(async () => {
  harness = await startOfrepHarness(() => state);
});
afterAll(async () => {
  await harness.close();
  console.log(`OFREP fixtures: ${tally.agreed} cases agreed with core, ${tally.refused} refused as non-object or over-limit contexts`);
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

for (const file of files) {
  describe(file.file, () => {
    const core = createEvaluator({ flags: file.flags, segments: file.segments });
    for (const c of file.cases) {
      it(c.name, async () => {
        state = new EnvironmentState({ environment: 'production', version: 1, flags: file.flags, segments: file.segments });
        const raw = caseContext(c);
        const sent = raw === undefined ? {} : raw;
        const res = await harness.app.inject({ method: 'POST', url: `/ofrep/v1/evaluate/flags/${encodeURIComponent(c.flag)}`, headers: { authorization: `Bearer ${harness.serverKey}`, 'content-type': 'application/json' }, payload: JSON.stringify({ context: sent }) });
        const body = JSON.parse(res.body);
        if (!isObject(sent) || checkJsonShape(sent, PROTOCOL_LIMITS.clientJsonDepth) !== undefined || !contextWireSchema.safeParse(sent).success) {
          expect(res.statusCode).toBe(400);
          expect(body).toMatchObject({ key: c.flag, errorCode: 'INVALID_CONTEXT', errorDetails: expect.stringMatching(/^body\.context/) });
          tally.refused++;
          return;
        }
        const expected = core.evaluate(c.flag, sent as EvaluationContext);
        if (raw === undefined) expect(core.evaluate(c.flag, undefined)).toEqual(expected);
        if (expected.reason === 'ERROR') {
          expect(res.statusCode).toBe(expected.errorCode === 'FLAG_NOT_FOUND' ? 404 : 400);
          expect(body).toMatchObject({ key: c.flag, errorCode: expected.errorCode === 'TYPE_MISMATCH' ? 'GENERAL' : expected.errorCode });
        } else {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          const want: Record<string, unknown> = { key: c.flag, value: expected.value, reason: OFREP_REASONS[expected.reason as Exclude<EvaluationReason, 'ERROR'>] };
          if (expected.variant !== undefined) want.variant = expected.variant;
          expect({ key: body.key, value: body.value, reason: body.reason, ...(body.variant === undefined ? {} : { variant: body.variant }) }).toEqual(want);
          expect(body.metadata.switchyardReason).toBe(expected.reason);
          expect(body.metadata.killed).toBe(expected.killed === true);
        }
        tally.agreed++;
      });
    }
  });
}
