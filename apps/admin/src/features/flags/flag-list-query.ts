import { FLAG_TYPES, type FlagType } from '@switchyard/core';
import type { FlagListQuery } from '../../api/types';

/** The flag list's filters, as kept in the address (`#/flags?type=release&state=killed`). */
export interface FlagFilters {
  q: string;
  tag: string;
  owner: string;
  type: FlagType | '';
  /** The environment the state filter applies to. */
  environment: string;
  state: '' | 'on' | 'off' | 'killed';
  expiry: '' | 'expired' | 'current';
  archived: boolean;
}

const STATES = ['on', 'off', 'killed'] as const;
const EXPIRIES = ['expired', 'current'] as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | '' {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

export function filtersFromQuery(params: URLSearchParams, defaultEnvironment: string): FlagFilters {
  return {
    q: params.get('q') ?? '',
    tag: params.get('tag') ?? '',
    owner: params.get('owner') ?? '',
    type: oneOf(params.get('type'), FLAG_TYPES),
    environment: params.get('env') ?? defaultEnvironment,
    state: oneOf(params.get('state'), STATES),
    expiry: oneOf(params.get('expiry'), EXPIRIES),
    archived: params.get('archived') === '1',
  };
}

/** The address query for filters; the environment is kept only when a state filter uses it. */
export function filtersToQuery(f: FlagFilters, defaultEnvironment: string): Record<string, string | undefined> {
  return {
    q: f.q.trim() || undefined,
    tag: f.tag.trim() || undefined,
    owner: f.owner.trim() || undefined,
    type: f.type || undefined,
    env: f.environment !== defaultEnvironment ? f.environment : undefined,
    state: f.state || undefined,
    expiry: f.expiry || undefined,
    archived: f.archived ? '1' : undefined,
  };
}

/**
 * The API query for filters. "On" means serving its rules (enabled and not killed); "off" means
 * disabled and not killed; "killed" means the kill switch is engaged, whatever `enabled` says.
 */
export function toApiQuery(f: FlagFilters): FlagListQuery {
  const q: FlagListQuery = {};
  if (f.q.trim()) q.q = f.q.trim();
  if (f.tag.trim()) q.tag = f.tag.trim();
  if (f.owner.trim()) q.owner = f.owner.trim();
  if (f.type) q.type = f.type;
  if (f.expiry) q.stale = f.expiry === 'expired';
  q.archived = f.archived;
  if (f.state) {
    q.environment = f.environment;
    if (f.state === 'killed') q.killed = true;
    else {
      q.killed = false;
      q.enabled = f.state === 'on';
    }
  }
  return q;
}

export function activeFilterCount(f: FlagFilters): number {
  return [f.q.trim(), f.tag.trim(), f.owner.trim(), f.type, f.state, f.expiry, f.archived ? 'x' : ''].filter(Boolean).length;
}
