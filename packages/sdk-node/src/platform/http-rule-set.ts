/** The answer to one rule-set request. Network failures are status 0; nothing throws. */
export type RuleSetResponse =
  | { status: 200; body: unknown; etag: string | undefined }
  | { status: 304 }
  | { status: number; message: string };

/** Fetches the rule set (`GET /sdk/v1/flags`) with the server key and, when known, the ETag. */
export type RuleSetRequester = (request: { url: string; sdkKey: string; etag: string | undefined; timeoutMs: number }) => Promise<RuleSetResponse>;

/** The Node.js requester, over the global `fetch`. */
export const fetchRuleSet: RuleSetRequester = async ({ url, sdkKey, etag, timeoutMs }) => {
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${sdkKey}`, accept: 'application/json', ...(etag !== undefined ? { 'if-none-match': etag } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 304 };
    }
    const text = await response.text();
    if (response.status !== 200) return { status: response.status, message: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    try {
      return { status: 200, body: JSON.parse(text), etag: response.headers.get('etag') ?? undefined };
    } catch {
      return { status: 502, message: 'the rule set is not valid JSON' };
    }
  } catch (error) {
    return { status: 0, message: error instanceof Error ? error.message : String(error) };
  }
};
