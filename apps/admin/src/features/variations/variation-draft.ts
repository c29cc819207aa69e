import type { JsonValue, Variation, VariationType } from '@switchyard/core';

/** A variation while being edited: its value as typed. */
export interface VariationDraft {
  name: string;
  value: string;
  description: string;
}

export type ValueParse = { ok: true; value: JsonValue } | { ok: false; message: string };

/** Reads a typed value as the flag's variation type. */
export function parseVariationValue(text: string, type: VariationType): ValueParse {
  switch (type) {
    case 'boolean':
      return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false, message: 'must be true or false' };
    case 'string':
      return { ok: true, value: text };
    case 'number': {
      const n = Number(text.trim());
      return text.trim() !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: 'must be a number' };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) as JsonValue };
      } catch {
        return { ok: false, message: 'must be valid JSON' };
      }
  }
}

/** A variation value as the editor shows it. */
export function showVariationValue(value: JsonValue, type: VariationType): string {
  if (type === 'string' && typeof value === 'string') return value;
  if (type === 'json') return JSON.stringify(value, null, 2);
  return JSON.stringify(value);
}

export function toVariationDrafts(variations: readonly Variation[], type: VariationType): VariationDraft[] {
  return variations.map((v) => ({ name: v.name, value: showVariationValue(v.value, type), description: v.description ?? '' }));
}

/** What a new flag of a variation type starts with. */
export function defaultVariationDrafts(type: VariationType): VariationDraft[] {
  switch (type) {
    case 'boolean':
      return [
        { name: 'off', value: 'false', description: '' },
        { name: 'on', value: 'true', description: '' },
      ];
    case 'string':
      return [
        { name: 'control', value: 'control', description: '' },
        { name: 'treatment', value: 'treatment', description: '' },
      ];
    case 'number':
      return [
        { name: 'low', value: '0', description: '' },
        { name: 'high', value: '1', description: '' },
      ];
    case 'json':
      return [
        { name: 'default', value: '{}', description: '' },
        { name: 'variant', value: '{\n  "enabled": true\n}', description: '' },
      ];
  }
}

export interface VariationsResult {
  variations: Variation[];
  /** Problems by path relative to the flag (`variations[1].value`). */
  issues: { path: (string | number)[]; message: string }[];
}

/** The variations to save, with a problem for every value that does not parse. */
export function fromVariationDrafts(drafts: readonly VariationDraft[], type: VariationType): VariationsResult {
  const issues: VariationsResult['issues'] = [];
  const variations = drafts.map((d, i) => {
    const parsed = parseVariationValue(d.value, type);
    if (!parsed.ok) issues.push({ path: ['variations', i, 'value'], message: parsed.message });
    const v: Variation = { name: d.name.trim(), value: parsed.ok ? parsed.value : null };
    if (d.description.trim()) v.description = d.description.trim();
    return v;
  });
  return { variations, issues };
}

/** Removes variation `index` and shifts an index that pointed past it; one that pointed at it goes to 0. */
export function shiftIndexAfterRemoval(selected: number, index: number): number {
  if (selected === index) return 0;
  return selected > index ? selected - 1 : selected;
}
