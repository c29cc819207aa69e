import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, type ErrorCode } from '../errors/catalogue';
import { isDatabaseUnavailable } from '../errors/database-unavailable';

/** Fastify's own errors, mapped onto the catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_RATE_LIMITED: 'RATE_LIMITED',
};

/**
 * Errors Fastify meets before routing (its `frameworkErrors` option), in the catalogue's shape: a
 * path that does not percent-decode to well-formed UTF-8 (`%FF`, or `%ED%A0%80`, a lone surrogate
 * as a careless encoder writes it), or a path parameter over Fastify's length limit.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'has a segment longer than any key' : 'is not valid percent-encoded UTF-8';
  // OFREP clients read their protocol's error shape (docs/ofrep.md).
  if (req.url.startsWith('/ofrep/')) return void reply.code(400).send({ errorCode: 'GENERAL', errorDetails: `params ${message}` });
  void reply.code(400).send({ code: 'VALIDATION_FAILED', message: `params ${message}`, details: [{ path: 'params', message }] });
}

/** The one edge where errors become answers: `{code, message, details}` with the catalogue's status. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    // Outside the OFREP routes' own handler (a path no OFREP route matched): still that protocol's shape.
    if (req.url.startsWith('/ofrep/')) {
      const status = err instanceof AppError ? err.status : typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status >= 500) req.log.error({ err }, 'unhandled error');
      const json = err instanceof SyntaxError || (err as FastifyError).code === 'FST_ERR_CTP_INVALID_JSON_BODY';
      return reply.code(status).send({ errorCode: json ? 'PARSE_ERROR' : 'GENERAL', errorDetails: status >= 500 ? ERRORS.INTERNAL.message : json ? `body is not valid JSON: ${err.message}` : err.message });
    }
    if (err instanceof AppError) return reply.code(err.status).send({ code: err.code, message: err.message, details: err.details });
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return reply.code(ERRORS[mapped].status).send({ code: mapped, message: ERRORS[mapped].message, details: { reason: err.message } });
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message)))
      return reply.code(400).send({ code: 'MALFORMED_JSON', message: ERRORS.MALFORMED_JSON.message, details: { reason: err.message } });
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: { message: err.message } }, 'database unavailable');
      return reply.code(503).header('retry-after', '2').send({ code: 'DATABASE_UNAVAILABLE', message: ERRORS.DATABASE_UNAVAILABLE.message, details: {} });
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
      return reply.code(err.statusCode).send({ code: 'VALIDATION_FAILED', message: err.message, details: [] });
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ code: 'INTERNAL', message: ERRORS.INTERNAL.message, details: [] });
  });

  app.setNotFoundHandler((req, reply) => {
    const message = `No route ${req.method} ${req.url.split('?')[0]}.`;
    // OFREP clients read their protocol's error shape (docs/ofrep.md).
    if (req.url.startsWith('/ofrep/')) return reply.code(404).send({ errorCode: 'GENERAL', errorDetails: message });
    return reply.code(404).send({ code: 'ROUTE_NOT_FOUND', message, details: [] });
  });
}
