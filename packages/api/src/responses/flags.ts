import { environmentConfigSchema, flagDefinitionSchema, type EvaluationTrace } from '@switchyard/core';
import { z } from 'zod';
import { coreValue, isoTime, listOf } from './common';

const stamped = { updatedAt: isoTime };
/** `revision`: the flag's own change count in the environment (1 when created), for people; `version` is the environment's, for SDKs. */
const configStamped = { ...stamped, revision: z.number().int().min(1) };

/** A flag's config in one environment, as listed inside a flag. */
export const environmentConfigView = z.object({ ...environmentConfigSchema.shape, ...configStamped });
export type EnvironmentConfigView = z.infer<typeof environmentConfigView>;

/** `GET /api/v1/flags/:key`: the definition with every environment's config. */
export const flagView = z.object({ ...flagDefinitionSchema.shape, ...stamped, environments: z.record(z.string(), environmentConfigView) });
export type FlagView = z.infer<typeof flagView>;
export const flagList = listOf(flagView);

/** `GET/PATCH /api/v1/flags/:key/environments/:env`. */
export const configView = z.object({ ...environmentConfigSchema.shape, ...configStamped, flagKey: z.string(), envKey: z.string() });
export type ConfigView = z.infer<typeof configView>;

/** A toggle's, kill's or restore's answer: `changed: false` when the flag already was in the asked state (nothing written). */
export const configOutcome = configView.extend({ changed: z.boolean() });
export type ConfigOutcome = z.infer<typeof configOutcome>;

/** `GET /api/v1/flags/:key/evaluations`: what SDK summaries reported, per environment and served variant (null: the caller's default). */
export const flagEvaluation = z.object({ environment: z.string(), variant: z.string().nullable(), count: z.number().int(), firstEvaluatedAt: isoTime, lastEvaluatedAt: isoTime });
export type FlagEvaluation = z.infer<typeof flagEvaluation>;
export const evaluationList = listOf(flagEvaluation);

/** `GET /api/v1/flags/:key/evaluations/daily`: counts per UTC day (`day`: YYYY-MM-DD), environment and served variant; days without any are left out. */
export const flagEvaluationDay = z.object({ environment: z.string(), variant: z.string().nullable(), day: z.string(), count: z.number().int() });
export type FlagEvaluationDay = z.infer<typeof flagEvaluationDay>;
export const evaluationDayList = listOf(flagEvaluationDay);

/** `POST /api/v1/flags/:key/environments/:env/explain`: the trace of one evaluation (format: docs/evaluation.md, Explain). */
export const explainView = z.object({
  flag: z.string(),
  environment: z.string(),
  version: z.number(),
  context: z.record(z.string(), z.unknown()),
  trace: coreValue<EvaluationTrace>(),
});
export type ExplainView = z.infer<typeof explainView>;
