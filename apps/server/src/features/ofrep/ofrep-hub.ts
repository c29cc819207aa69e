import type { StreamHub } from '../streaming/stream-hub';

/**
 * What OFREP needs of the stream hub: the environments' states it keeps current (the server's one
 * evaluator), catching one up, hearing of applied changes, and the per-source browser limits.
 */
export type OfrepHub = Pick<StreamHub, 'environment' | 'catchUp' | 'onApplied' | 'sourceLimits'>;
