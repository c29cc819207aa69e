import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin UI builds to static files in dist/ that the server serves at `/`. `base: './'` keeps
 * every asset URL relative, so the files work wherever they are mounted; routing is hash-based
 * (`#/flags/…`), so the server needs no fallback for deep links.
 *
 * `--mode mock` (dev:mock, build:mock) installs an in-browser fake API for screenshots; the
 * production build never contains it (see src/main.tsx).
 */
export default defineConfig({
  base: './',
  plugins: [react()],
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
  server: { proxy: { '/api': 'http://127.0.0.1:4000' } },
  preview: { proxy: { '/api': 'http://127.0.0.1:4000' } },
});
