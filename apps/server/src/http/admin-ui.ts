import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export { DEFAULT_ADMIN_DIR } from '../runtime-files';

/**
 * Serves the built admin UI at `/`, looking files up per request (a rebuild needs no restart); a
 * miss falls through to the JSON 404 handler. The page may not be framed (a kill button must not be clickjacked)
 * and loads nothing from elsewhere.
 */
export async function registerAdminUi(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!existsSync(resolve(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    setHeaders(res, path) {
      if (path.endsWith('.html')) {
        res.header('cache-control', 'no-cache');
        res.header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        res.header('x-frame-options', 'DENY');
        res.header('referrer-policy', 'no-referrer');
      } else if (path.includes('/assets/')) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
      }
      res.header('x-content-type-options', 'nosniff');
    },
  });
  return true;
}
