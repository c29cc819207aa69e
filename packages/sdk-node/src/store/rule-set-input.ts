import type { EvaluableFlag, Segment } from '@switchyard/core';

/**
 * A rule set as the SDK accepts it from a bootstrap file, an in-memory bootstrap or a poll: the
 * body of `GET /sdk/v1/flags`. `environment` and `version` are optional for hand-written files.
 */
export interface RuleSetInput {
  environment?: string;
  version?: number;
  flags: EvaluableFlag[];
  segments?: Segment[];
}

/** A rule set ready to load into the store. */
export interface LoadedRuleSet {
  environment: string | undefined;
  version: number;
  flags: readonly EvaluableFlag[];
  segments: readonly Segment[];
}

/** The outcome of {@link parseRuleSet}. */
export type RuleSetParseResult = { ok: true; ruleSet: LoadedRuleSet } | { ok: false; message: string };

/**
 * Checks the envelope of a rule set: `flags` (and `segments`, if present) are arrays of objects with
 * a string `key`; `version`, if present, is an integer of 0 or more. The flags themselves are not
 * validated field by field: the evaluator compiles anything and turns a malformed flag into an
 * ERROR result, so one odd flag in a file never makes the whole file unusable. Never throws.
 */
export function parseRuleSet(json: unknown): RuleSetParseResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return fail('must be a JSON object with "flags"');
  const input = json as Record<string, unknown>;
  if (!Array.isArray(input.flags)) return fail('"flags" must be an array');
  const segments = input.segments ?? [];
  if (!Array.isArray(segments)) return fail('"segments" must be an array');
  const version = input.version ?? 0;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return fail('"version" must be an integer of 0 or more');
  const environment = input.environment;
  if (environment !== undefined && typeof environment !== 'string') return fail('"environment" must be a string');
  const badFlag = input.flags.findIndex((f) => !hasStringKey(f));
  if (badFlag >= 0) return fail(`flags[${badFlag}] must be an object with a string "key"`);
  const badSegment = segments.findIndex((s) => !hasStringKey(s));
  if (badSegment >= 0) return fail(`segments[${badSegment}] must be an object with a string "key"`);
  return {
    ok: true,
    ruleSet: { environment, version, flags: input.flags as EvaluableFlag[], segments: segments as Segment[] },
  };
}

function hasStringKey(item: unknown): boolean {
  return item !== null && typeof item === 'object' && !Array.isArray(item) && typeof (item as { key?: unknown }).key === 'string';
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
