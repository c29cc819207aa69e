/** How committed changes reach the other replicas: none (one process), Redis, or database polling. */
export interface Fanout {
  /** 'single' when there is no fan-out; 'redis' while Redis carries changes; 'polling' while it does not. */
  mode(): 'single' | 'redis' | 'polling';
  /** Redis's state when Redis is configured. */
  redis(): 'up' | 'down' | 'not-configured';
  close(): Promise<void>;
}

export const SINGLE_PROCESS: Fanout = { mode: () => 'single', redis: () => 'not-configured', close: async () => undefined };
