import type { KeyView } from '../../api/types';
import { ROLE_LABELS } from '../auth/permissions';

export const KEY_KIND_LABELS: Readonly<Record<KeyView['kind'], string>> = {
  admin: 'Admin (people and automation)',
  server: 'Server SDK',
  client: 'Client SDK (browser)',
};

/** What a key lets its holder do, in words: "Editor" for admin keys, the environment for SDK keys. */
export function keyScope(key: KeyView, envName: (key: string) => string): string {
  if (key.kind === 'admin') return key.role ? ROLE_LABELS[key.role] : '—';
  const env = key.envKey ? envName(key.envKey) : '—';
  return key.allowedOrigins ? `${env} · origins: ${key.allowedOrigins.join(', ')}` : env;
}
