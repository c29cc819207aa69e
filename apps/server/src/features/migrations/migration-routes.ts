import { migrationMeasurementsBody } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/catalogue';
import { parseInput } from '../../errors/parse-input';
import { bearerOf } from '../auth/authenticate';
import type { SdkAuthenticator } from '../auth/authenticate-sdk';
import { actorFor } from '../auth/guard';
import { flagEnvParams } from '@switchyard/api';
import { attestBody, backfillReportBody, transitionBody } from '@switchyard/api';
import type { MigrationService } from './migration-service';

const base = '/flags/:key/environments/:env/migration';

export function registerMigrationRoutes(api: FastifyInstance, deps: { migrations: MigrationService }): void {
  const { migrations } = deps;

  api.get(base, async (req) => {
    actorFor(req, 'read');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return migrations.view(key, env);
  });

  api.post(`${base}/transition`, async (req) => {
    const actor = actorFor(req, 'edit');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return migrations.transition(actor, key, env, parseInput(transitionBody, req.body, 'body'));
  });

  api.post(`${base}/backfills`, async (req) => {
    const actor = actorFor(req, 'edit');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return migrations.reportBackfill(actor, key, env, parseInput(backfillReportBody, req.body, 'body'));
  });

  api.post(`${base}/attest`, async (req) => {
    const actor = actorFor(req, 'edit');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    return { state: await migrations.attest(actor, key, env, parseInput(attestBody, req.body, 'body')) };
  });
}

/** SDK migration helpers report what they measured, with their server key. */
export function registerMigrationSdkRoutes(app: FastifyInstance, deps: { authenticateSdk: SdkAuthenticator; migrations: MigrationService }): void {
  app.post('/sdk/v1/migration-measurements', async (req) => {
    const { key } = await deps.authenticateSdk(bearerOf(req), 'server');
    if (!key) throw new AppError('UNAUTHENTICATED', 'A valid server SDK key is required: send "Authorization: Bearer <key>".');
    const body = parseInput(migrationMeasurementsBody, req.body, 'body');
    return deps.migrations.recordMeasurements(key.envKey, body.measurements);
  });
}
