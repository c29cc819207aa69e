import type { JsonValue } from '../../model/json';
import { TRACE_VALUE_LIMIT } from './trace';

/** Strings longer than this are cut in a trace (with "…"): a trace shows what was seen, not a copy of it. */
const STRING_LIMIT = 200;

/**
 * A JSON rendering of a value a clause saw, safe for any context value: primitives as they are
 * (long strings cut), arrays element by element up to TRACE_VALUE_LIMIT, anything else as a short
 * description. Never throws (getters and Proxies may).
 */
export function traceValue(value: unknown, depth = 0): JsonValue {
  try {
    switch (typeof value) {
      case 'string':
        return value.length > STRING_LIMIT ? `${value.slice(0, STRING_LIMIT)}…` : value;
      case 'number':
        return Number.isFinite(value) ? value : String(value);
      case 'boolean':
        return value;
      case 'undefined':
        return null;
      case 'object': {
        if (value === null) return null;
        if (Array.isArray(value) && depth === 0) {
          const out: JsonValue[] = [];
          for (let i = 0; i < value.length && i < TRACE_VALUE_LIMIT; i++) out.push(traceValue(value[i], 1));
          if (value.length > TRACE_VALUE_LIMIT) out.push(`… ${value.length - TRACE_VALUE_LIMIT} more`);
          return out;
        }
        return Array.isArray(value) ? '[array]' : '[object]';
      }
      default:
        return `[${typeof value}]`;
    }
  } catch {
    return '[unreadable]';
  }
}

/** A clause's values for a trace: at most TRACE_VALUE_LIMIT of them, and how many were left out. */
export function traceValues(values: unknown): { values: JsonValue[]; valuesOmitted?: number } {
  try {
    if (!Array.isArray(values)) return { values: [] };
    const shown = values.slice(0, TRACE_VALUE_LIMIT).map((v) => traceValue(v, 1));
    return values.length > TRACE_VALUE_LIMIT ? { values: shown, valuesOmitted: values.length - TRACE_VALUE_LIMIT } : { values: shown };
  } catch {
    return { values: [] };
  }
}
