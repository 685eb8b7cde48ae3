import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Logs go to standard error so that standard output stays for answers (the CLI contract). Every
 * line passes through `redactSecrets` last, so a token or key reaches no log, whatever carried it:
 * an error message, a URL, a remote server echoing the request back.
 */

/** Secret values of the configuration (token, API keys), added by `createLogger`. */
const knownSecrets = new Set<string>();
/** Values shorter than this are not secrets worth hiding (and hiding them would mangle logs). */
const MIN_SECRET_LENGTH = 6;
const REDACTED = '[REDACTED]';

/** What a secret looks like, known or not: Telegram bot tokens, OpenAI-style keys, bearer credentials. */
const SECRET_SHAPES: readonly RegExp[] = [
  /\d{6,}:[A-Za-z0-9_-]{30,}/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /(?<=\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /(?<=\b(?:api[_-]?key|authorization|token)["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/=-]{8,}/gi,
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text with every known secret and every secret-shaped string replaced. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    // As written, and as JSON writes it inside a string.
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) out = out.replace(new RegExp(escapeRegExp(form), 'g'), REDACTED);
  }
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/** What a caught value says, for a log line: an error's message, anything else as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `secrets`: the configuration's secret values (see `secretValues` in config.ts). */
export function createLogger(level: string = 'info', secrets: readonly string[] = []): Logger {
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH) knownSecrets.add(s);
  return pino({ level, base: undefined, hooks: { streamWrite: redactSecrets } }, pino.destination(2));
}
