import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { errorBodySchema } from '@switchyard/api';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseInput } from '../errors/parse-input';

/** Where the OpenAPI document and its rendered reference are served (public: the contract is no secret). */
export const OPENAPI_PATH = '/api/v1/openapi.json';
export const REFERENCE_PATH = '/api/v1/reference';

/**
 * Requests are validated with the route's zod schemas (from @switchyard/api) and answer the
 * catalogue's VALIDATION_FAILED naming each field and why, as `parseInput` always did.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const root = httpPart === 'querystring' ? 'query' : httpPart === 'params' ? 'params' : 'body';
  return (data) => {
    try {
      return { value: parseInput(schema, data, root) };
    } catch (err) {
      return { error: err as Error };
    }
  };
};

/**
 * The contract at the edge: zod schemas validate requests and serialize answers (fields a schema does
 * not name are left out), and @fastify/swagger publishes them as OpenAPI 3.1 with a reference page
 * (its assets are served from the package: no CDN). Call before any route is registered.
 */
export async function registerContract(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Switchyard API', version: '1', description: 'The admin API (/api/v1) and the SDK API (/sdk/v1) of a Switchyard server. Errors answer `{code, message, details}` (docs/errors.md).' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An admin token (/api/v1) or an SDK key (/sdk/v1).' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: REFERENCE_PATH });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}

/** A route's answers: `ok` with `status`, and the catalogue's error body for every 4xx and 5xx. */
export function answers<S extends z.ZodType, N extends number = 200>(ok: S, status?: N) {
  return { [status ?? 200]: ok, '4xx': errorBodySchema, '5xx': errorBodySchema } as { [K in N]: S } & { '4xx': typeof errorBodySchema; '5xx': typeof errorBodySchema };
}

/** A 204 answer: no body. */
export const noContent = { 204: z.null().describe('No content'), '4xx': errorBodySchema, '5xx': errorBodySchema };
