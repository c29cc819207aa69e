import { z } from 'zod';
import { isoTime, listOf } from './common';

/** What SDKs load of one environment: bytes of its live flags' and segments' JSON, and their counts. */
export const environmentSize = z.object({ bytes: z.number(), flags: z.number(), segments: z.number() });

/** An environment as the API shows it: with what SDKs load of it now, and how much it may hold. */
export const environmentView = z.object({
  key: z.string(),
  name: z.string(),
  version: z.number(),
  createdAt: isoTime,
  size: environmentSize,
  /** The most the environment may hold (bytes, flags, segments). */
  budget: environmentSize,
});
export type EnvironmentView = z.infer<typeof environmentView>;
export const environmentList = listOf(environmentView);

/** `GET /api/v1/environments/:env/delivery`: how far one version has reached the SDKs connected to this server. */
const counted = z.object({ total: z.number(), applied: z.number() });
export const deliveryView = z.object({
  environment: z.string(),
  version: z.number(),
  total: z.number(),
  applied: z.number(),
  server: counted,
  client: counted,
  /** OFREP providers on an event stream (counted in `total` and `applied` too). */
  ofrep: counted.optional(),
});
export type DeliveryView = z.infer<typeof deliveryView>;
