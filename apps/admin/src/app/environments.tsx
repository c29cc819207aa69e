import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Environment } from '../api/types';

interface EnvironmentsApi {
  environments: Environment[];
  /** The environment the top bar has selected. */
  current: Environment;
  select(key: string): void;
  nameOf(key: string): string;
}

const EnvironmentsContext = createContext<EnvironmentsApi | null>(null);
const STORAGE_KEY = 'switchyard.environment';

/** Production first if present: it is the one people watch. */
function preferred(envs: Environment[]): Environment {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  return envs.find((e) => e.key === saved) ?? envs.find((e) => e.key === 'production') ?? envs[0]!;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function EnvironmentsProvider({ environments, children }: { environments: Environment[]; children: ReactNode }) {
  const [currentKey, setCurrentKey] = useState(() => preferred(environments).key);
  const select = useCallback((key: string) => {
    setCurrentKey(key);
    safeStorage()?.setItem(STORAGE_KEY, key);
  }, []);
  const value = useMemo<EnvironmentsApi>(() => {
    const current = environments.find((e) => e.key === currentKey) ?? environments[0]!;
    return {
      environments,
      current,
      select,
      nameOf: (key) => environments.find((e) => e.key === key)?.name ?? key,
    };
  }, [environments, currentKey, select]);
  return <EnvironmentsContext.Provider value={value}>{children}</EnvironmentsContext.Provider>;
}

export function useEnvironments(): EnvironmentsApi {
  const e = useContext(EnvironmentsContext);
  if (!e) throw new Error('useEnvironments outside EnvironmentsProvider');
  return e;
}
