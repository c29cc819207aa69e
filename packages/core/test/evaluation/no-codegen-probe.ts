// Run by rule-chain.test.ts under `node --disallow-code-generation-from-strings`: a hot flag must
// still evaluate (by its closures) where no code can be generated. Prints what it saw as JSON.
import { createEvaluator } from '../../src/index';
import type { CompiledFlagImpl } from '../../src/evaluation/compiled-flag';
import { setRuleChainThreshold } from '../../src/evaluation/rule-chain-code';
import { booleanFlag } from './helpers';

setRuleChainThreshold(0);
const evaluator = createEvaluator({ flags: [booleanFlag('f', { rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['NL'] }], serve: { variation: 1 } }] })], segments: [] });
const nl = evaluator.evaluate('f', { country: 'NL' }).value;
const de = evaluator.evaluate('f', { country: 'DE' }).value;
let evalForbidden = false;
try {
  new Function('return 1');
} catch {
  evalForbidden = true;
}
process.stdout.write(JSON.stringify({ nl, de, chain: (evaluator.get('f') as CompiledFlagImpl).ruleChain !== null, evalForbidden }));
