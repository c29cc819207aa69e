import Fastify, { type FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../../src/features/auth/actor';
import type { OfrepHub } from '../../src/features/ofrep/ofrep-hub';
import { DEFAULT_OFREP_OPTIONS, registerOfrep } from '../../src/features/ofrep/ofrep-plugin';
import type { EnvironmentState } from '../../src/features/streaming/environment-state';
import { SourceLimits } from '../../src/features/streaming/source-limits';
import { DEFAULT_STREAM_OPTIONS } from '../../src/features/streaming/stream-options';
import { createServices } from '../../src/services';
import { openTestDatabase } from '../store-contract/support/test-database';

/**
 * The OFREP routes alone (their real key check, evaluation and error handling, on a real database
 * holding one server key), evaluating on whatever environment state `state()` gives: for suites
 * that run fixed rule sets (the shared evaluation fixtures) through the endpoint.
 */
export async function startOfrepHarness(state: () => EnvironmentState): Promise<{ app: FastifyInstance; serverKey: string; close(): Promise<void> }> {
  const database = await openTestDatabase((err) => {
    throw err;
  });
  const services = createServices({ db: database.db });
  await services.environments.ensureDefaults(SYSTEM_ACTOR);
  const { secret } = await services.keys.create(SYSTEM_ACTOR, { kind: 'server', environment: 'production', name: 'fixtures' } as Parameters<typeof services.keys.create>[1]);
  const hub: OfrepHub = {
    environment: () => state(),
    catchUp: async () => undefined,
    onApplied: () => () => undefined,
    sourceLimits: new SourceLimits(1_000, 1_000_000),
  };
  const app = Fastify();
  await registerOfrep(app, { db: services.db, authenticateSdk: services.authenticateSdk, feed: services.feed, hub, streamOptions: DEFAULT_STREAM_OPTIONS, recordSummary: async () => undefined }, DEFAULT_OFREP_OPTIONS);
  await app.ready();
  return {
    app,
    serverKey: secret,
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}
