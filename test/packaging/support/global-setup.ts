import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { createConsumerProject } from './consumer-project';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The consumer project every packaging test works in (see createConsumerProject). */
    consumerDir: string;
  }
}

/**
 * Installs the tarballs once for the whole packaging run. SWITCHYARD_CONSUMER_DIR names an existing
 * consumer project to reuse instead (kept afterwards): handy while working on a test.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const reuse = process.env.SWITCHYARD_CONSUMER_DIR;
  const dir = reuse ?? (await createConsumerProject());
  project.provide('consumerDir', dir);
  return () => {
    if (!reuse && !process.env.SWITCHYARD_KEEP_CONSUMER) rmSync(dir, { recursive: true, force: true });
  };
}
