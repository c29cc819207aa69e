import type { Shape, User } from './workload';

/**
 * One implementation under test: its evaluate function per shape (returning the flag's value, as
 * an application would read it) and the 100,000 contexts, already in its own format.
 */
export interface Contender {
  name: string;
  /** Ours (compared with the fastest peer), a peer's, or the baseline (no evaluation: the memory floor). */
  side: 'switchyard' | 'peer' | 'baseline';
  /** Whether `evaluate` returns a promise (LaunchDarkly, OpenFeature): awaited per call, as applications do. */
  async: boolean;
  contexts: unknown[];
  evaluate: Record<Shape, (context: any) => unknown>;
  /** What the column says when this contender cannot be measured yet. */
  pending?: string;
  close?: () => Promise<void> | void;
}

export type ContenderFactory = (users: readonly User[]) => Promise<Contender>;
