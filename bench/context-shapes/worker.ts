// One side of context-shapes.ts, in a process of its own: times F2, F4 and S4 (F4's rules as a
// segment's) through core over the
// bench's contexts built in SHAPES hidden classes, with rule chains (the default) or with closures
// only, and prints each shape's CPU ns per pass as one JSON line.
//   node --expose-gc --import tsx context-shapes/worker.ts chains|closures SHAPES CONTEXTS PASSES WARMUP
import { createEvaluator } from '@switchyard/core';
import { makeLoop, timeShape } from '../eval/harness';
import { switchyardContext, switchyardFlags } from '../eval/switchyard-flags';
import { buildUsers, FLAG_KEYS } from '../eval/workload';

const [mode, shapes, contextCount, passes, warmup] = process.argv.slice(2);
const shapeCount = Number(shapes);
// Context i takes shape i % SHAPES: its attributes in one of nine rotations, with an extra attribute
// in front from the tenth shape on, so that the contexts' hidden classes differ as they do when an
// application builds them in several places.
const contexts = buildUsers(Number(contextCount)).map((user, i) => {
  const entries = Object.entries(switchyardContext(user));
  const r = i % shapeCount;
  const at = r % entries.length;
  const context: Record<string, unknown> = {};
  if (r >= entries.length) context[`extra${Math.floor(r / entries.length)}`] = r;
  for (const [k, v] of [...entries.slice(at), ...entries.slice(0, at)]) context[k] = v;
  return context;
});
// S4: F4's ten rules as the rules of a segment, and a flag serving true to its members.
const flags = switchyardFlags();
const f4 = flags.find((f) => f.key === FLAG_KEYS.F4)!;
const s4Segment = { key: 's4', name: 's4', description: '', included: [], excluded: [], rules: f4.rules.map((r) => ({ clauses: r.clauses })), version: 1 };
const s4Flag = { ...flags.find((f) => f.key === FLAG_KEYS.F2)!, key: 's4', rules: [{ id: 'members', clauses: [{ attribute: 'key', op: 'segmentMatch' as const, values: ['s4'] }], serve: { variation: 1 } }] };
const evaluator = createEvaluator({ flags: [...flags, s4Flag], segments: [s4Segment] }, { codegen: mode !== 'closures' });
const keys: Record<string, string> = { ...FLAG_KEYS, S4: 's4' };
// S4 must agree with F4: a member exactly when F4 matches a rule. Checked before anything is timed.
for (const ctx of contexts.slice(0, 10_000)) {
  if (evaluator.evaluate('s4', ctx as never).value !== (evaluator.evaluate(FLAG_KEYS.F4, ctx as never).value !== 'control')) throw new Error('S4 disagrees with F4');
}
const out: Record<string, number[]> = {};
for (const shape of ['F2', 'F4', 'S4']) {
  const key = keys[shape]!;
  const contender = { c: { name: '', side: 'switchyard' as const, async: false, contexts, evaluate: {} as never }, fn: (ctx: unknown) => evaluator.evaluate(key, ctx as never).value, loop: makeLoop(false) };
  const [timing] = await timeShape([contender], Number(warmup), Number(passes));
  out[shape] = timing!.passes;
}
process.stdout.write(`${JSON.stringify(out)}\n`);
