import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { workspaceAliases } from '../../scripts/lib/workspace-sources.mjs';
import { realApi } from './dev/real-api-plugin';

/**
 * The admin UI builds to static files in dist/ that the server serves at `/`. `base: './'` keeps
 * every asset URL relative, so the files work wherever they are mounted; routing is hash-based
 * (`#/flags/…`), so the server needs no fallback for deep links.
 *
 * `vite` (dev) runs the real server beside it (dev/real-api-plugin.ts: `buildApp` on in-memory
 * SQLite with demo data) and forwards `/api` to it; `vite preview` forwards to a server on :4000.
 *
 * @switchyard/core comes from its TypeScript sources (tsconfig.base.json's `paths`, as aliases): no build first.
 */
export default defineConfig({
  base: './',
  plugins: [react(), realApi()],
  resolve: { alias: workspaceAliases() },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      // @switchyard/core is pure (no I/O, no top-level effects; DESIGN.md) but does not declare
      // `sideEffects: false`; saying so here lets the UI ship only the parts it imports.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]packages[\\/](core|api)[\\/]src[\\/]/.test(id) },
    },
  },
  preview: { proxy: { '/api': 'http://127.0.0.1:4000' } },
});
