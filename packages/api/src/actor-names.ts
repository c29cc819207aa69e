/** The actor the server records its own changes under. */
export const SYSTEM_ACTOR_NAME = 'system';

/** The name of the admin token created on first start. */
export const BOOTSTRAP_KEY_NAME = 'bootstrap';

/**
 * Actor names the server uses itself, so no key may be named after them: the server (`system`), the
 * first-start token (`bootstrap`), and automation, which acts as `system:<what>` (release plans,
 * schedules) and `trigger:<id>`. Compared as {@link comparableName} compares.
 */
export const RESERVED_ACTOR_NAMES: readonly string[] = [SYSTEM_ACTOR_NAME, BOOTSTRAP_KEY_NAME];
export const RESERVED_ACTOR_PREFIXES: readonly string[] = ['system:', 'trigger:'];

/**
 * A name as people read it, for telling names apart: compatibility forms folded (NFKC: full-width
 * letters are letters), invisible characters dropped, runs of white space made one space, trimmed,
 * lower case. "Alice", "alice " and "ａｌｉｃｅ" are one name.
 */
export function comparableName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** Why `name` may not name a key (it is one the server acts under), or undefined. */
export function reservedNameProblem(name: string): string | undefined {
  const n = comparableName(name);
  if (RESERVED_ACTOR_NAMES.includes(n)) return `is reserved: "${n}" is an actor the server itself records in the audit log`;
  const prefix = RESERVED_ACTOR_PREFIXES.find((p) => n.startsWith(p));
  if (prefix) return `is reserved: names starting with "${prefix}" are actors the server's automation records in the audit log`;
  return undefined;
}
