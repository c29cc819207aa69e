#!/usr/bin/env node
// The `switchyard` command in this workspace: runs the TypeScript sources through tsx (a dev tool),
// so no build is needed while developing. The published package's bin is dist/switchyard.js, plain
// JavaScript built by scripts/build/build.mjs (publishConfig.bin). The CLI's tsconfig (its `paths`,
// from tsconfig.base.json) takes @switchyard/core to its sources, from whatever folder it runs in.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('../src/main.ts');
