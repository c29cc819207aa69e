import { queryString, type Http } from './http';
import { configRecordSchema, flagListSchema, flagViewSchema, segmentListSchema, segmentViewSchema } from './response-schemas';
import type {
  ReleasePlanView,
  AttestBody,
  AuditPage,
  AuditQuery,
  ChangeRequest,
  ReviewPolicy,
  RequestChange,
  ChainVerification,
  ConfigRecord,
  CreateFlagBody,
  CreateSegmentBody,
  Delivery,
  Environment,
  ExplainView,
  FlagEvaluation,
  FlagEvaluationDay,
  FlagListQuery,
  FlagView,
  MigrationView,
  SegmentView,
  Session,
  StaleReport,
  TransitionBody,
  TransitionResult,
  UpdateConfigBody,
  UpdateFlagBody,
  UpdateSegmentBody,
  CreateTriggerBody,
  TriggerSecrets,
  TriggerView,
  CreateWebhookBody,
  CreateKeyBody,
  KeyView,
  WebhookDelivery,
  WebhookView,
} from './types';

const enc = encodeURIComponent;
const flagPath = (key: string) => `/flags/${enc(key)}`;
const configPath = (key: string, env: string) => `${flagPath(key)}/environments/${enc(env)}`;
const migrationPath = (key: string, env: string) => `${configPath(key, env)}/migration`;
const segmentsPath = (env: string) => `/environments/${enc(env)}/segments`;

/** Where the API lives, for links the browser follows itself (downloads; the cookie goes along). */
export const API_BASE = '/api/v1';

/** The typed admin API: one method per route the UI uses. */
export function createApiClient(http: Http) {
  return {
    session: {
      /** The current session, or an ApiError with status 401 when signed out. */
      async get(): Promise<Session> {
        const s = await http.request<Session>('GET', '/session');
        http.setCsrfToken(s.csrfToken);
        return s;
      },
      async signIn(token: string): Promise<Session> {
        const s = await http.request<Session>('POST', '/session', { body: { token } });
        http.setCsrfToken(s.csrfToken);
        return s;
      },
      async signOut(): Promise<void> {
        try {
          await http.request<void>('DELETE', '/session');
        } finally {
          http.setCsrfToken(null);
        }
      },
    },

    environments: {
      async list(): Promise<Environment[]> {
        return (await http.request<{ items: Environment[] }>('GET', '/environments')).items;
      },
      /** How many connected SDKs of the environment have applied `version`. */
      delivery: (env: string, version: number): Promise<Delivery> =>
        http.request('GET', `/environments/${encodeURIComponent(env)}/delivery`, { query: { version } }),
    },

    flags: {
      async list(query: FlagListQuery = {}): Promise<FlagView[]> {
        return (await http.request('GET', '/flags', { query: { ...query }, schema: flagListSchema })).items;
      },
      get: (key: string) => http.request('GET', flagPath(key), { schema: flagViewSchema }),
      create: (body: CreateFlagBody) => http.request('POST', '/flags', { body, schema: flagViewSchema }),
      update: (key: string, body: UpdateFlagBody) => http.request('PATCH', flagPath(key), { body, schema: flagViewSchema }),
      /** Evaluation counts SDKs reported, per environment and variant. */
      evaluations: async (key: string): Promise<FlagEvaluation[]> => (await http.request<{ items: FlagEvaluation[] }>('GET', `${flagPath(key)}/evaluations`)).items,
      evaluationDays: async (key: string, days: number): Promise<FlagEvaluationDay[]> =>
        (await http.request<{ items: FlagEvaluationDay[] }>('GET', `${flagPath(key)}/evaluations/daily?days=${days}`)).items,
      setArchived: (key: string, archived: boolean, reason?: string) =>
        http.request('POST', `${flagPath(key)}/${archived ? 'archive' : 'unarchive'}`, { body: reason ? { reason } : {}, schema: flagViewSchema }),
    },

    configs: {
      get: (key: string, env: string): Promise<ConfigRecord> => http.request('GET', configPath(key, env), { schema: configRecordSchema }),
      update: (key: string, env: string, body: UpdateConfigBody): Promise<ConfigRecord> =>
        http.request('PATCH', configPath(key, env), { body, schema: configRecordSchema }),
      toggle: (key: string, env: string, body: { enabled: boolean; baseVersion: number; reason?: string }): Promise<ConfigRecord> =>
        http.request('POST', `${configPath(key, env)}/toggle`, { body, schema: configRecordSchema }),
      /** No base version: a kill must land whatever changed meanwhile. */
      kill: (key: string, env: string, reason: string): Promise<ConfigRecord> =>
        http.request('POST', `${configPath(key, env)}/kill`, { body: { reason }, schema: configRecordSchema }),
      restore: (key: string, env: string, reason: string): Promise<ConfigRecord> =>
        http.request('POST', `${configPath(key, env)}/restore`, { body: { reason }, schema: configRecordSchema }),
      /** Why `context` gets the value it gets: the evaluation's trace (a read; nothing is written). */
      explain: (key: string, env: string, context: Record<string, unknown>): Promise<ExplainView> =>
        http.request('POST', `${configPath(key, env)}/explain`, { body: { context } }),
    },

    segments: {
      async list(env: string): Promise<SegmentView[]> {
        return (await http.request('GET', segmentsPath(env), { schema: segmentListSchema })).items;
      },
      get: (env: string, key: string): Promise<SegmentView> => http.request('GET', `${segmentsPath(env)}/${enc(key)}`, { schema: segmentViewSchema }),
      create: (env: string, body: CreateSegmentBody): Promise<SegmentView> => http.request('POST', segmentsPath(env), { body, schema: segmentViewSchema }),
      update: (env: string, key: string, body: UpdateSegmentBody): Promise<SegmentView> =>
        http.request('PATCH', `${segmentsPath(env)}/${enc(key)}`, { body, schema: segmentViewSchema }),
      /** Refused with 409 SEGMENT_IN_USE (`details.flags`) while a flag's rules reference it. */
      remove: (env: string, key: string, reason?: string): Promise<void> =>
        http.request('DELETE', `${segmentsPath(env)}/${enc(key)}`, reason ? { body: { reason } } : {}),
    },

    migrations: {
      get: (key: string, env: string): Promise<MigrationView> => http.request('GET', migrationPath(key, env)),
      /** Refused with 409 MIGRATION_REFUSED (`details.reasons`) when the stage machine says no. */
      transition: (key: string, env: string, body: TransitionBody): Promise<TransitionResult> => http.request('POST', `${migrationPath(key, env)}/transition`, { body }),
      attest: (key: string, env: string, body: AttestBody): Promise<unknown> => http.request('POST', `${migrationPath(key, env)}/attest`, { body }),
    },

    releases: {
      listFor: (key: string, env: string): Promise<{ items: ReleasePlanView[] }> => http.request('GET', `${configPath(key, env)}/releases`),
      get: (id: string): Promise<ReleasePlanView> => http.request('GET', `/releases/${enc(id)}`),
      /** From the template: the seed's canary stages, gates owned by `owner`. */
      createFromTemplate: (key: string, env: string, body: { fromVariation: number; toVariation: number; owner: string }): Promise<ReleasePlanView> =>
        http.request('POST', `${configPath(key, env)}/releases`, { body }),
      command: (id: string, command: 'pause' | 'resume' | 'abort', reason?: string): Promise<ReleasePlanView> =>
        http.request('POST', `/releases/${enc(id)}/${command}`, { body: reason ? { reason } : {} }),
    },

    reports: {
      stale: (days: number): Promise<StaleReport> => http.request('GET', '/reports/stale', { query: { days } }),
      /** The report as a file: a plain link works, the session cookie goes with it. */
      staleUrl: (days: number, format: 'csv' | 'json'): string => `${API_BASE}/reports/stale${queryString({ days, format })}`,
    },

    reviewPolicy: (env: string): Promise<ReviewPolicy> => http.request('GET', `/environments/${enc(env)}/review-policy`),

    changeRequests: {
      async list(query: { environment?: string; state?: string } = {}): Promise<ChangeRequest[]> {
        return (await http.request<{ items: ChangeRequest[] }>('GET', '/change-requests', { query: { ...query } })).items;
      },
      get: (id: string): Promise<ChangeRequest> => http.request('GET', `/change-requests/${enc(id)}`),
      create: (env: string, body: { title: string; changes: RequestChange[] }): Promise<ChangeRequest> => http.request('POST', `/environments/${enc(env)}/change-requests`, { body }),
      /** `contentHash`: the content the reviewer saw (an approval is bound to it). */
      review: (id: string, decision: 'approve' | 'reject', body: { contentHash: string; comment?: string }): Promise<ChangeRequest> =>
        http.request('POST', `/change-requests/${enc(id)}/${decision}`, { body }),
      apply: (id: string): Promise<ChangeRequest> => http.request('POST', `/change-requests/${enc(id)}/apply`, { body: {} }),
      cancel: (id: string, reason?: string): Promise<ChangeRequest> => http.request('POST', `/change-requests/${enc(id)}/cancel`, { body: reason ? { reason } : {} }),
      /** The author's edit: a new revision; every approval given so far is void. */
      edit: (id: string, body: { title?: string; changes?: RequestChange[] }): Promise<ChangeRequest> => http.request('PATCH', `/change-requests/${enc(id)}`, { body }),
      /** `at`: an ISO 8601 date-time in the future. */
      schedule: (id: string, at: string): Promise<ChangeRequest> => http.request('POST', `/change-requests/${enc(id)}/schedule`, { body: { at } }),
      unschedule: (id: string): Promise<ChangeRequest> => http.request('POST', `/change-requests/${enc(id)}/unschedule`, { body: {} }),
    },

    triggers: {
      list: (): Promise<{ items: TriggerView[] }> => http.request('GET', '/triggers'),
      create: (body: CreateTriggerBody): Promise<TriggerSecrets> => http.request('POST', '/triggers', { body }),
      rotate: (id: string, reason: string): Promise<TriggerSecrets> => http.request('POST', `/triggers/${enc(id)}/rotate`, { body: { reason } }),
      disable: (id: string, reason: string): Promise<TriggerView> => http.request('POST', `/triggers/${enc(id)}/disable`, { body: { reason } }),
    },

    keys: {
      list: (): Promise<{ items: KeyView[] }> => http.request('GET', '/keys'),
      /** The answer holds the secret: the only time the server ever shows it. */
      create: (body: CreateKeyBody): Promise<{ key: KeyView; secret: string }> => http.request('POST', '/keys', { body }),
      revoke: (id: string, reason: string): Promise<KeyView> => http.request('POST', `/keys/${enc(id)}/revoke`, { body: { reason } }),
    },

    webhooks: {
      list: (): Promise<{ items: WebhookView[] }> => http.request('GET', '/webhooks'),
      create: (body: CreateWebhookBody): Promise<{ webhook: WebhookView; secret: string }> => http.request('POST', '/webhooks', { body }),
      disable: (id: string, reason: string): Promise<WebhookView> => http.request('POST', `/webhooks/${enc(id)}/disable`, { body: { reason } }),
      deliveries: (id: string): Promise<{ items: WebhookDelivery[]; nextBefore: number | null }> => http.request('GET', `/webhooks/${enc(id)}/deliveries`, { query: { limit: 50 } }),
      replay: (id: string, fromSeq: number, reason: string): Promise<{ requeued: number }> => http.request('POST', `/webhooks/${enc(id)}/replay`, { body: { fromSeq, reason } }),
    },

    audit: {
      list: (query: AuditQuery = {}): Promise<AuditPage> => http.request('GET', '/audit', { query: { ...query } }),
      forFlag: (key: string, query: Pick<AuditQuery, 'environment' | 'action' | 'limit' | 'before'> = {}): Promise<AuditPage> =>
        http.request('GET', `${flagPath(key)}/audit`, { query: { ...query } }),
      verify: (): Promise<ChainVerification> => http.request('GET', '/audit/verify'),
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
