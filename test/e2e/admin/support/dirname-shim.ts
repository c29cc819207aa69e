import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// test/support/server-process.ts locates the repository with `__dirname`, which CommonJS and vitest
// provide but Playwright's ES-module loader does not (the root package is "type": "module"). This
// module is imported before it, so the free identifier resolves to this global instead.
// (Remove once server-process.ts uses `import.meta.url`.)
const g = globalThis as { __dirname?: string };
g.__dirname ??= resolve(dirname(fileURLToPath(import.meta.url)), '../../../support');
