// Run by rule-chain.test.ts under `node --disallow-code-generation-from-strings`: a hot flag must
// still evaluate (by its closures) where no code can be generated. Prints what it saw as JSON.
import { createEvaluator } from '../../src/index';
import type { CompiledFlagImpl } from '../../src/evaluation/compiled-flag';
import { booleanFlag } from './helpers';

const evaluator = createEvaluator({ flags: [booleanFlag('f', { rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['NL'] }], serve: { variation: 1 } }] })], segments: [] }, { codegenAfter: 0 });
const nl = evaluator.evaluate('f', { country: 'NL' }).value;
const de = evaluator.evaluate('f', { country: 'DE' }).value;
let evalForbidden = false;
try {
  new Function('return 1');
} catch {
  evalForbidden = true;
}
// The failed attempt turns code generation off for this evaluator: nothing retries.
const codegenOff = !(evaluator.get('f') as CompiledFlagImpl).chainBudget.settings.codegen;
process.stdout.write(JSON.stringify({ nl, de, chain: (evaluator.get('f') as CompiledFlagImpl).ruleChain !== null, codegenOff, evalForbidden }));
