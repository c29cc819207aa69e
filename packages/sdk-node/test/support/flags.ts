import type { EvaluableFlag, Segment } from '@switchyard/core';

/** A boolean flag, on, serving `on` (true) to everyone unless overridden. */
export function boolFlag(key: string, overrides: Partial<EvaluableFlag> = {}): EvaluableFlag {
  return {
    key,
    type: 'release',
    variationType: 'boolean',
    variations: [
      { name: 'off', value: false },
      { name: 'on', value: true },
    ],
    offVariation: 0,
    clientSide: false,
    enabled: true,
    killed: null,
    targets: [],
    rules: [],
    fallthrough: { variation: 1 },
    prerequisites: [],
    version: 1,
    ...overrides,
  };
}

/** A flag serving `on` to members of `segmentKey`, `off` to everyone else. */
export function segmentFlag(key: string, segmentKey: string, version = 1): EvaluableFlag {
  return boolFlag(key, {
    rules: [{ id: 'members', clauses: [{ attribute: 'key', op: 'segmentMatch', values: [segmentKey] }], serve: { variation: 1 } }],
    fallthrough: { variation: 0 },
    version,
  });
}

export function segment(key: string, included: string[], version = 1): Segment {
  return { key, name: key, description: '', included, excluded: [], rules: [], version };
}
