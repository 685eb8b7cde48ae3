import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The project root (one level above src/). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const idList = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const ids = (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    // The value is not repeated: a token pasted into the wrong variable must not reach a log.
    if (ids.some((id) => !/^-?\d+$/.test(id))) ctx.addIssue({ code: 'custom', message: 'should be numeric Telegram ids separated by commas' });
    return ids.map(Number);
  });

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  REPORTS_DIR: z.string().default(path.join(projectRoot, 'reports')),
  VECTORSTORE_DIR: z.string().default(path.join(projectRoot, 'vectorstore')),
  DATA_DIR: z.string().default(path.join(projectRoot, 'data')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
  WEBHOOK_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  ALLOWED_USER_IDS: idList,
  ALLOWED_CHAT_IDS: idList,
  ADMIN_USER_IDS: idList,
  RATE_LIMIT_PER_MINUTE: positiveInt(20),
  SESSION_TTL_HOURS: positiveInt(24),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379')
    .optional(),
  REDIS_KEY_PREFIX: z.string().min(1).default('gov-report-bot:'),
  REDIS_LEASE_MS: positiveInt(10_000),

  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().optional(),
  LLM_TIMEOUT_MS: positiveInt(20_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).default(2),
  LLM_STREAM: flag(true),
  LLM_STALL_MS: positiveInt(10_000),
  LLM_MAX_TOKENS: positiveInt(1_500),
  LLM_MAX_OUTPUT_CHARS: positiveInt(4_000),
  LLM_DAILY_TOKENS_PER_USER: z.coerce.number().int().min(0).default(200_000),
  LLM_UNDERSTAND: flag(true),

  DATABASE_URL: z.string().url().optional(),
  DATABASE_REFRESH_MS: positiveInt(5_000),
});

export interface Config {
  readonly reportsDir: string;
  readonly vectorstoreDir: string;
  /** Bot session files and other runtime state. */
  readonly dataDir: string;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly telegram: {
    readonly token?: string;
    readonly apiRoot: string;
    readonly webhookUrl?: string;
    /** Where the webhook server listens: WEBHOOK_PORT, else the webhook URL's port, else 8443. */
    readonly webhookPort: number;
    readonly allowedUserIds: readonly number[];
    readonly allowedChatIds: readonly number[];
    readonly adminUserIds: readonly number[];
    readonly rateLimitPerMinute: number;
    readonly sessionTtlMs: number;
  };
  /** Present only when REDIS_URL is set: state every worker shares. Without it, state stays in this process. */
  readonly redis?: {
    readonly url: string;
    /** Every key the bot writes starts with it, so deployments can share one server. */
    readonly keyPrefix: string;
    /** A worker's hold on a chat or an update lapses this long after the worker dies; then another takes over. */
    readonly leaseMs: number;
  };
  /** Present only when OPENAI_API_KEY is set: the offline default has no LLM. */
  readonly llm?: {
    readonly apiKey: string;
    readonly baseURL?: string;
    readonly model: string;
    /** The whole answer (retries and streaming included) ends within this. */
    readonly timeoutMs: number;
    readonly maxRetries: number;
    /** Stream the reply (server-sent events); off for servers that cannot. */
    readonly stream: boolean;
    /** A stream silent this long has stalled. */
    readonly stallMs: number;
    readonly maxTokens: number;
    /** A reply is cut here before it is verified or sent. */
    readonly maxOutputChars: number;
    /** Tokens one user may spend a day (UTC); 0: no limit. */
    readonly dailyTokensPerUser: number;
    /** Let the model read questions the rules cannot (checked against the reports' coverage). */
    readonly understand: boolean;
  };
  /** The corpus in PostgreSQL (absent: the index in this process). */
  readonly databaseUrl?: string;
  /** How often a process serving from PostgreSQL checks for reports other processes ingested. */
  readonly databaseRefreshMs: number;
  /** Present only when OPENAI_API_KEY and OPENAI_EMBEDDING_MODEL are set. */
  readonly embeddings?: {
    readonly apiKey: string;
    readonly baseURL?: string;
    readonly model: string;
  };
}

export class ConfigError extends Error {}

/** The secret values of a configuration, which no log line or error may show. */
export function secretValues(config: Config): string[] {
  return [config.telegram.token, config.llm?.apiKey, config.embeddings?.apiKey, ...databasePassword(config.databaseUrl)].filter((s): s is string => Boolean(s));
}

/** The password in DATABASE_URL, as written there and decoded (a driver's message may show either). */
function databasePassword(url: string | undefined): string[] {
  const password = url ? new URL(url).password : '';
  return password ? [password, decodeURIComponent(password)] : [];
}

const DEFAULT_WEBHOOK_PORT = 8443;

function webhookUrlPort(url: string | undefined): number {
  const port = url ? new URL(url).port : '';
  return port ? Number(port) : DEFAULT_WEBHOOK_PORT;
}

/**
 * Reads and validates the environment once; throws ConfigError naming every bad variable and
 * what it should be, never its value (it may be a secret in the wrong place).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message.replace(/,?\s*received\b.*$/s, '')}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    reportsDir: path.resolve(e.REPORTS_DIR),
    vectorstoreDir: path.resolve(e.VECTORSTORE_DIR),
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      webhookPort: e.WEBHOOK_PORT ?? webhookUrlPort(e.TELEGRAM_WEBHOOK_URL),
      allowedUserIds: e.ALLOWED_USER_IDS,
      allowedChatIds: e.ALLOWED_CHAT_IDS,
      adminUserIds: e.ADMIN_USER_IDS,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, leaseMs: e.REDIS_LEASE_MS } : undefined,
    llm: e.OPENAI_API_KEY
      ? {
          apiKey: e.OPENAI_API_KEY,
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxRetries: e.LLM_MAX_RETRIES,
          stream: e.LLM_STREAM,
          stallMs: e.LLM_STALL_MS,
          maxTokens: e.LLM_MAX_TOKENS,
          maxOutputChars: e.LLM_MAX_OUTPUT_CHARS,
          dailyTokensPerUser: e.LLM_DAILY_TOKENS_PER_USER,
          understand: e.LLM_UNDERSTAND,
        }
      : undefined,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    databaseRefreshMs: e.DATABASE_REFRESH_MS,
    embeddings:
      e.OPENAI_API_KEY && e.OPENAI_EMBEDDING_MODEL
        ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_EMBEDDING_MODEL }
        : undefined,
  };
}
