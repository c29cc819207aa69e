import type { EvaluableFlag, Segment } from '../../src/index';

/** A boolean flag ("off" = 0, "on" = 1), on, serving "off" by default; override any field. */
export function booleanFlag(key: string, over: Partial<EvaluableFlag> = {}): EvaluableFlag {
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
    fallthrough: { variation: 0 },
    prerequisites: [],
    version: 1,
    ...over,
  };
}

/** A flag whose one rule serves "on" to contexts in `segmentKey`. */
export function segmentFlag(key: string, segmentKey: string): EvaluableFlag {
  return booleanFlag(key, { rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: [segmentKey] }], serve: { variation: 1 } }] });
}

export function segment(key: string, over: Partial<Segment> = {}): Segment {
  return { key, name: key, description: '', included: [], excluded: [], rules: [], version: 1, ...over };
}
