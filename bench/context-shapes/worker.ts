// One side of context-shapes.ts, in a process of its own: times F2 and F4 through core over the
// bench's contexts built in SHAPES hidden classes, with rule chains (the default) or with closures
// only, and prints each shape's CPU ns per pass as one JSON line.
//   node --expose-gc --import tsx context-shapes/worker.ts chains|closures SHAPES CONTEXTS PASSES WARMUP
import { createEvaluator } from '@switchyard/core';
import { setRuleChainThreshold } from '../../packages/core/src/evaluation/evaluate-flag';
import { makeLoop, timeShape } from '../eval/harness';
import { switchyardContext, switchyardFlags } from '../eval/switchyard-flags';
import { buildUsers, FLAG_KEYS } from '../eval/workload';

const [mode, shapes, contextCount, passes, warmup] = process.argv.slice(2);
if (mode === 'closures') setRuleChainThreshold(-1);
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
const evaluator = createEvaluator({ flags: switchyardFlags(), segments: [] });
const out: Record<string, number[]> = {};
for (const shape of ['F2', 'F4'] as const) {
  const key = FLAG_KEYS[shape];
  const contender = { c: { name: '', side: 'switchyard' as const, async: false, contexts, evaluate: {} as never }, fn: (ctx: unknown) => evaluator.evaluate(key, ctx as never).value, loop: makeLoop(false) };
  const [timing] = await timeShape([contender], Number(warmup), Number(passes));
  out[shape] = timing!.passes;
}
process.stdout.write(`${JSON.stringify(out)}\n`);
