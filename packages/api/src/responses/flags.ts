import { environmentConfigSchema, flagDefinitionSchema, type EvaluationTrace } from '@switchyard/core';
import { z } from 'zod';
import { coreValue, isoTime, listOf } from './common';

const stamped = { updatedAt: isoTime };

/** A flag's config in one environment, as listed inside a flag. */
export const environmentConfigView = z.object({ ...environmentConfigSchema.shape, ...stamped });
export type EnvironmentConfigView = z.infer<typeof environmentConfigView>;

/** `GET /api/v1/flags/:key`: the definition with every environment's config. */
export const flagView = z.object({ ...flagDefinitionSchema.shape, ...stamped, environments: z.record(z.string(), environmentConfigView) });
export type FlagView = z.infer<typeof flagView>;
export const flagList = listOf(flagView);

/** `GET/PATCH /api/v1/flags/:key/environments/:env`. */
export const configView = z.object({ ...environmentConfigSchema.shape, ...stamped, flagKey: z.string(), envKey: z.string() });
export type ConfigView = z.infer<typeof configView>;

/** A toggle's, kill's or restore's answer: `changed: false` when the flag already was in the asked state (nothing written). */
export const configOutcome = configView.extend({ changed: z.boolean() });
export type ConfigOutcome = z.infer<typeof configOutcome>;

/** `GET /api/v1/flags/:key/evaluations`: what SDKs reported, per environment and variant. */
export const evaluationCount = z.object({ envKey: z.string(), flagKey: z.string(), variant: z.string(), count: z.number(), firstEvaluatedAt: isoTime, lastEvaluatedAt: isoTime });
export const evaluationList = listOf(evaluationCount);

/** `POST /api/v1/flags/:key/environments/:env/explain`: the trace of one evaluation (format: docs/evaluation.md, Explain). */
export const explainView = z.object({
  flag: z.string(),
  environment: z.string(),
  version: z.number(),
  context: z.record(z.string(), z.unknown()),
  trace: coreValue<EvaluationTrace>(),
});
export type ExplainView = z.infer<typeof explainView>;
