import { contextWireSchema } from '@switchyard/core';
import { z } from 'zod';

/** Body of `POST /api/v1/flags/:key/environments/:env/explain`: the context to explain the evaluation for (as browser SDKs send one). */
export const explainBody = z.strictObject({ context: contextWireSchema });
export type ExplainBody = z.infer<typeof explainBody>;
