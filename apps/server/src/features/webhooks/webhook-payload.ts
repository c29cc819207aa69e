import type { AuditRecord, WebhookFormat } from '../../db/records';

/**
 * A delivery's body. `json`: the audit entry exactly as stored and hashed (`before`/`after` as their
 * JSON text, `hash`, `prevHash`), so a receiver can recompute the hash and follow the chain
 * (docs/integrations.md). `slack`: an incoming-webhook message, one line per entry.
 */
export function webhookBody(format: WebhookFormat, entry: AuditRecord): string {
  if (format === 'json') return JSON.stringify(entry);
  return JSON.stringify({ text: slackLine(entry) });
}

function slackLine(e: AuditRecord): string {
  const what = [e.flagKey && `flag \`${escapeSlack(e.flagKey)}\``, e.envKey && `in \`${escapeSlack(e.envKey)}\``, !e.flagKey && e.targetKey && `\`${escapeSlack(e.targetKey)}\``].filter(Boolean).join(' ');
  const reason = e.reason ? `: ${escapeSlack(e.reason)}` : '';
  return `*${escapeSlack(e.actor)}* — \`${escapeSlack(e.action)}\`${what ? ` ${what}` : ''}${reason} (audit #${e.seq})`;
}

/** Slack's three control characters in message text. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
