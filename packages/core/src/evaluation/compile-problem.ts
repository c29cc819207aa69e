import type { ErrorCode } from './result';

/** Why a flag could not be compiled; its evaluations then serve offVariation with this error code. */
export interface CompileProblem {
  readonly errorCode: Extract<ErrorCode, 'GENERAL' | 'PARSE_ERROR'>;
  readonly message: string;
}

/**
 * Thrown inside compilation only, and always caught by `compileFlag`, which never throws: it turns
 * the problem into a flag that evaluates to an ERROR result.
 */
export class CompileError extends Error {
  readonly problem: CompileProblem;

  constructor(errorCode: CompileProblem['errorCode'], message: string) {
    super(message);
    this.problem = { errorCode, message };
  }
}
