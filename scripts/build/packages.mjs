// The packages this workspace publishes and how each is built (scripts/build/build.mjs).
//   entries:    dist/<name>.js from src/<file>; `types: false` for a bin (no declarations)
//   cjs:        also dist/<name>.cjs + dist/<name>.d.cts (the `require` condition)
//   inline:     workspace packages bundled into this one's JavaScript (not dependencies of it)
//   inlineTypes: workspace packages whose declarations are copied into this one's .d.ts
//   bins:       entries that are commands (a shebang, executable)
export const PACKAGES = [
  {
    name: '@switchyard/core',
    dir: 'packages/core',
    entries: [{ name: 'index', src: 'src/index.ts' }],
    cjs: true,
  },
  {
    name: '@switchyard/api',
    dir: 'packages/api',
    entries: [{ name: 'index', src: 'src/index.ts' }],
    cjs: true,
  },
  {
    name: '@switchyard/sdk-node',
    dir: 'packages/sdk-node',
    // The provider's module imports the SDK through the main entry: one copy of the client code.
    entries: [
      { name: 'index', src: 'src/index.ts' },
      { name: 'openfeature', src: 'src/openfeature/index.ts', sharesMainEntryOutside: 'src/openfeature' },
    ],
    cjs: true,
  },
  {
    name: '@switchyard/sdk-browser',
    dir: 'packages/sdk-browser',
    // JavaScript: packages/sdk-browser/scripts/build.mjs (ESM for bundlers, the <script> IIFE), which
    // bundles the few core functions it calls; its declarations carry core's types too, so the
    // package has no dependency at all.
    entries: [
      { name: 'index', src: 'src/index.ts' },
      { name: 'openfeature', src: 'src/openfeature/index.ts' },
    ],
    browser: true,
    inlineTypes: ['@switchyard/core'],
  },
  {
    name: '@switchyard/cli',
    dir: 'apps/cli',
    entries: [
      { name: 'index', src: 'src/index.ts' },
      { name: 'switchyard', src: 'src/main.ts', types: false, bin: true },
    ],
  },
  {
    name: '@switchyard/server',
    dir: 'apps/server',
    // An application: its bundle carries the core it was built and tested with (so a production
    // directory made by `pnpm deploy` needs no workspace package), and the admin UI's built files.
    entries: [
      { name: 'index', src: 'src/index.ts' },
      { name: 'main', src: 'src/main.ts', types: false, bin: true },
    ],
    inline: ['@switchyard/core', '@switchyard/api'],
    adminUi: true,
  },
];

/** A package by its name or the last part of it (`server`, `sdk-node`). */
export function findPackage(name) {
  const p = PACKAGES.find((x) => x.name === name || x.name === `@switchyard/${name}`);
  if (!p) throw new Error(`unknown package ${name}: one of ${PACKAGES.map((x) => x.name).join(', ')}`);
  return p;
}
