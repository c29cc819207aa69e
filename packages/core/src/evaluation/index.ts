export * from './result';
export { compileFlag } from './compile-flag';
export type { CompiledFlag, FlagLookup } from './compiled-flag';
export type { CompileProblem } from './compile-problem';
export { createEvaluator, type EvaluatorOptions, type FlagEvaluator } from './evaluator';
export { RESULT_TALLY, type ResultTally, type TalliedResult } from './result-tally';
export * from './explain/trace';
