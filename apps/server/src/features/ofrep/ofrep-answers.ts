import type { EvaluableFlag, EvaluationResult } from '@switchyard/core';
import { isFailure, toOfrep, type FlagFacts, type OfrepFailure, type OfrepSuccess } from './ofrep-wire';

interface Entry {
  flag: EvaluableFlag;
  facts: FlagFacts | undefined;
  answer: OfrepSuccess | OfrepFailure;
  json: string;
  variant: string | null;
}

/**
 * Core's results are frozen objects shared by every evaluation that serves them (see servedEntry),
 * so one flag's OFREP answer and its JSON text are built once per result — and again only when the
 * flag's evaluable form or its facts change — not once per request: a bulk answer is then mostly a
 * join of prebuilt strings. Held weakly: a recompiled flag's old results go.
 */
const entries = new WeakMap<EvaluationResult, Entry>();

/** One flag's OFREP answer for a result, with its JSON text and the variant to count (null: none served). */
export function ofrepAnswer(flag: EvaluableFlag, key: string, result: EvaluationResult, facts: FlagFacts | undefined): Entry {
  let entry = entries.get(result);
  if (entry === undefined || entry.flag !== flag || entry.facts !== facts) {
    const answer = toOfrep(flag, key, result, facts);
    entry = { flag, facts, answer, json: JSON.stringify(answer), variant: isFailure(answer) ? null : (answer.variant ?? null) };
    entries.set(result, entry);
  }
  return entry;
}
