/**
 * Vite plugin for `pnpm --filter @switchyard/admin dev`: starts the real server (api-server.ts:
 * `buildApp` on in-memory SQLite with demo data) as a child process and forwards `/api` to it,
 * streams included. The UI under development talks to the same routes, rules and errors as in
 * production; nothing re-implements them.
 *
 * `/?as=<role>` signs in as that role through the real `POST /api/v1/session` (a development
 * convenience: the redirect keeps the `#/…` hash, so `/?as=viewer#/flags/new-checkout` opens that
 * page as a viewer). Only in the dev server: `apply: 'serve'`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { DevApiReady } from './api-server';

const API_SERVER = fileURLToPath(new URL('./api-server.ts', import.meta.url));

function startApi(): { child: ChildProcess; ready: Promise<DevApiReady> } {
  // stdin stays open as a lifeline: the API stops when this process goes.
  const child = spawn(process.execPath, ['--import', 'tsx', API_SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise<DevApiReady>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the development API exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as DevApiReady));
  });
  return { child, ready };
}

export function realApi(): Plugin {
  return {
    name: 'switchyard-real-api',
    apply: 'serve',
    async configureServer(server) {
      const { child, ready } = startApi();
      server.httpServer?.once('close', () => child.kill());
      const api = await ready;
      const target = new URL(api.url);
      server.config.logger.info(`  Switchyard API (real server, in-memory SQLite, demo data): ${api.url}`);
      server.config.logger.info(`  Sign in with ?as=admin|editor|responder|viewer, or a token: ${JSON.stringify(api.tokens)}`);

      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://dev');
        const role = url.pathname === '/' ? url.searchParams.get('as') : null;
        if (role !== null) {
          const token = api.tokens[role];
          if (!token) {
            res.writeHead(400, { 'content-type': 'text/plain' }).end(`?as= takes one of ${Object.keys(api.tokens).join(', ')}`);
            return;
          }
          const signIn = request({ host: target.hostname, port: target.port, method: 'POST', path: '/api/v1/session', headers: { 'content-type': 'application/json' } }, (answer) => {
            answer.resume();
            res.writeHead(302, { location: '/', 'set-cookie': answer.headers['set-cookie'] ?? [] }).end();
          });
          signIn.on('error', next);
          signIn.end(JSON.stringify({ token }));
          return;
        }
        if (!url.pathname.startsWith('/api/')) return next();
        const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', next);
        req.pipe(upstream);
      });
    },
  };
}
