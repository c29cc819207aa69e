#!/usr/bin/env node
// The `switchyard` command in this workspace: runs the TypeScript sources through tsx (a dev tool),
// so no build is needed while developing. The published package's bin is dist/switchyard.js, plain
// JavaScript built by scripts/build/build.mjs (publishConfig.bin).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
