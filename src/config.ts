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

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  REPORTS_DIR: z.string().default(path.join(projectRoot, 'reports')),
  VECTORSTORE_DIR: z.string().default(path.join(projectRoot, 'vectorstore')),
  DATA_DIR: z.string().default(path.join(projectRoot, 'data')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
  ALLOWED_USER_IDS: idList,
  ALLOWED_CHAT_IDS: idList,
  ADMIN_USER_IDS: idList,
  RATE_LIMIT_PER_MINUTE: positiveInt(20),
  SESSION_TTL_HOURS: positiveInt(24),

  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().optional(),
  LLM_TIMEOUT_MS: positiveInt(20_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).default(2),
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
    readonly allowedUserIds: readonly number[];
    readonly allowedChatIds: readonly number[];
    readonly adminUserIds: readonly number[];
    readonly rateLimitPerMinute: number;
    readonly sessionTtlMs: number;
  };
  /** Present only when OPENAI_API_KEY is set: the offline default has no LLM. */
  readonly llm?: {
    readonly apiKey: string;
    readonly baseURL?: string;
    readonly model: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
  };
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
  return [config.telegram.token, config.llm?.apiKey, config.embeddings?.apiKey].filter((s): s is string => Boolean(s));
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
      allowedUserIds: e.ALLOWED_USER_IDS,
      allowedChatIds: e.ALLOWED_CHAT_IDS,
      adminUserIds: e.ADMIN_USER_IDS,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    },
    llm: e.OPENAI_API_KEY
      ? {
          apiKey: e.OPENAI_API_KEY,
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxRetries: e.LLM_MAX_RETRIES,
        }
      : undefined,
    embeddings:
      e.OPENAI_API_KEY && e.OPENAI_EMBEDDING_MODEL
        ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_EMBEDDING_MODEL }
        : undefined,
  };
}
