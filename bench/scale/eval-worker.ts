// One side of scale-flags.ts's "evaluation unchanged" comparison, in a process of its own: compiles
// a snapshot frame (a file: JSON.parse, then createEvaluator, as an SDK does), times F1–F4 over the
// bench's contexts, and prints each shape's CPU ns per pass as one JSON line.
//   node --expose-gc --import tsx scale/eval-worker.ts FRAME_FILE CONTEXTS PASSES WARMUP
import { createEvaluator } from '@switchyard/core';
import { readFileSync } from 'node:fs';
import { makeLoop, timeShape } from '../eval/harness';
import { switchyardContext } from '../eval/switchyard-flags';
import { buildUsers, FLAG_KEYS, SHAPES } from '../eval/workload';

const [file, contextCount, passes, warmup] = process.argv.slice(2);
const message = JSON.parse(readFileSync(file!, 'utf8'));
const evaluator = createEvaluator({ flags: message.flags, segments: message.segments });
const contexts = buildUsers(Number(contextCount)).map(switchyardContext);
const out: Record<string, number[]> = {};
for (const shape of SHAPES) {
  const key = FLAG_KEYS[shape];
  const contender = { c: { name: '', side: 'switchyard' as const, async: false, contexts, evaluate: {} as never }, fn: (ctx: unknown) => evaluator.evaluate(key, ctx as never).value, loop: makeLoop(false) };
  const [timing] = await timeShape([contender], Number(warmup), Number(passes));
  out[shape] = timing!.passes;
}
process.stdout.write(`${JSON.stringify(out)}\n`);
