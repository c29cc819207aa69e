import { FLAG_TYPES } from '@switchyard/core';
import { useEffect, useId, useState } from 'react';
import { useEnvironments } from '../../app/environments';
import { Button } from '../../ui/Button';
import { activeFilterCount, type FlagFilters as Filters } from './flag-list-query';

interface FlagFiltersProps {
  filters: Filters;
  onChange: (next: Filters) => void;
  onReset: () => void;
}

/** Search and filters of the flag list. Text filters apply after a short pause in typing. */
export function FlagFilters({ filters, onChange, onReset }: FlagFiltersProps) {
  const { environments } = useEnvironments();
  const id = useId();
  const [text, setText] = useState({ q: filters.q, tag: filters.tag, owner: filters.owner });

  useEffect(() => setText({ q: filters.q, tag: filters.tag, owner: filters.owner }), [filters.q, filters.tag, filters.owner]);
  useEffect(() => {
    if (text.q === filters.q && text.tag === filters.tag && text.owner === filters.owner) return;
    const t = window.setTimeout(() => onChange({ ...filters, ...text }), 250);
    return () => window.clearTimeout(t);
  }, [text, filters, onChange]);

  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => onChange({ ...filters, [k]: v });
  const count = activeFilterCount(filters);

  return (
    <div role="search" className="filters" aria-label="Filter flags">
      <div className="filters__search">
        <label htmlFor={`${id}-q`} className="sr-only">
          Search flags by key or name
        </label>
        <svg className="filters__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm10 17-5-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <input
          id={`${id}-q`}
          type="search"
          className="input"
          placeholder="Search key or name"
          value={text.q}
          onChange={(e) => setText({ ...text, q: e.target.value })}
        />
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-type`}>Type</label>
        <select id={`${id}-type`} className="select" value={filters.type} onChange={(e) => set('type', e.target.value as Filters['type'])}>
          <option value="">Any</option>
          {FLAG_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-tag`}>Tag</label>
        <input id={`${id}-tag`} className="input input--narrow" value={text.tag} onChange={(e) => setText({ ...text, tag: e.target.value })} />
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-owner`}>Owner</label>
        <input id={`${id}-owner`} className="input input--narrow" value={text.owner} onChange={(e) => setText({ ...text, owner: e.target.value })} />
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-env`}>State in</label>
        <select id={`${id}-env`} className="select" value={filters.environment} onChange={(e) => set('environment', e.target.value)}>
          {environments.map((env) => (
            <option key={env.key} value={env.key}>
              {env.name}
            </option>
          ))}
        </select>
        <select id={`${id}-state`} aria-label="State" className="select" value={filters.state} onChange={(e) => set('state', e.target.value as Filters['state'])}>
          <option value="">Any state</option>
          <option value="on">On</option>
          <option value="off">Off</option>
          <option value="killed">Killed</option>
        </select>
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-expiry`}>Expiry</label>
        <select id={`${id}-expiry`} className="select" value={filters.expiry} onChange={(e) => set('expiry', e.target.value as Filters['expiry'])}>
          <option value="">Any</option>
          <option value="expired">Expired (stale)</option>
          <option value="current">Not expired</option>
        </select>
      </div>
      <div className="filters__group">
        <input id={`${id}-archived`} type="checkbox" className="checkbox" checked={filters.archived} onChange={(e) => set('archived', e.target.checked)} />
        <label htmlFor={`${id}-archived`}>Archived only</label>
      </div>
      {count > 0 && (
        <Button size="sm" variant="ghost" onClick={onReset}>
          Clear {count} filter{count === 1 ? '' : 's'}
        </Button>
      )}
    </div>
  );
}
