import { useEffect, useId, useState } from 'react';
import { useEnvironments } from '../../app/environments';
import { Button } from '../../ui/Button';
import { AUDIT_ACTION_LABELS, KNOWN_ACTIONS } from './audit-actions';
import type { AuditFilters as Filters } from './audit-query';

interface AuditFiltersProps {
  filters: Filters;
  onChange: (next: Filters) => void;
}

/** Filters of the global audit log. Text fields apply after a pause in typing. */
export function AuditFilters({ filters, onChange }: AuditFiltersProps) {
  const { environments } = useEnvironments();
  const id = useId();
  const [text, setText] = useState({ flag: filters.flag, actor: filters.actor });
  useEffect(() => setText({ flag: filters.flag, actor: filters.actor }), [filters.flag, filters.actor]);
  useEffect(() => {
    if (text.flag === filters.flag && text.actor === filters.actor) return;
    const t = window.setTimeout(() => onChange({ ...filters, ...text }), 300);
    return () => window.clearTimeout(t);
  }, [text, filters, onChange]);
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => onChange({ ...filters, [k]: v });
  const any = Object.values(filters).some(Boolean);

  return (
    <div role="search" aria-label="Filter the audit log" className="filters">
      <div className="filters__group">
        <label htmlFor={`${id}-flag`}>Flag</label>
        <input id={`${id}-flag`} className="input input--narrow input--mono" value={text.flag} onChange={(e) => setText({ ...text, flag: e.target.value })} />
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-env`}>Environment</label>
        <select id={`${id}-env`} className="select" value={filters.environment} onChange={(e) => set('environment', e.target.value)}>
          <option value="">Any</option>
          {environments.map((env) => (
            <option key={env.key} value={env.key}>
              {env.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-actor`}>Actor</label>
        <input id={`${id}-actor`} className="input input--narrow" value={text.actor} onChange={(e) => setText({ ...text, actor: e.target.value })} />
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-action`}>Action</label>
        <select id={`${id}-action`} className="select" value={filters.action} onChange={(e) => set('action', e.target.value)}>
          <option value="">Any</option>
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a} — {AUDIT_ACTION_LABELS[a]}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-since`}>Since</label>
        <input id={`${id}-since`} type="datetime-local" className="input" value={filters.since} onChange={(e) => set('since', e.target.value)} />
      </div>
      <div className="filters__group">
        <label htmlFor={`${id}-until`}>Until</label>
        <input id={`${id}-until`} type="datetime-local" className="input" value={filters.until} onChange={(e) => set('until', e.target.value)} />
      </div>
      {any && (
        <Button size="sm" variant="ghost" onClick={() => onChange({ flag: '', environment: '', actor: '', action: '', since: '', until: '' })}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
