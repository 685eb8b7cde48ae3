/**
 * What a user asked for. The Telegram bot matches command names with @grammyjs/commands; the
 * terminal chat with `parseRequest`. Both build the request from the arguments here, so they
 * understand exactly the same commands.
 */
import { isLocale, type Locale } from './i18n.js';

export type Request =
  | { readonly kind: 'start' }
  | { readonly kind: 'help' }
  /** A question; empty when `/ask` came without one. */
  | { readonly kind: 'ask'; readonly question: string }
  | { readonly kind: 'summary'; readonly region?: string }
  /** Zero, one or two regions as typed; the topic only after two regions. */
  | { readonly kind: 'compare'; readonly regions: readonly string[]; readonly topic?: string }
  | { readonly kind: 'reports' }
  /** `n` absent when the argument is missing or not a positive number. */
  | { readonly kind: 'source'; readonly n?: number }
  /** `locale` absent: offer the choice. */
  | { readonly kind: 'language'; readonly locale?: Locale }
  | { readonly kind: 'reset' }
  | { readonly kind: 'unknown'; readonly command: string };

export type CommandName = 'start' | 'help' | 'ask' | 'summary' | 'compare' | 'reports' | 'source' | 'language' | 'reset';

/** The command menu, in the order users see it; descriptions and usages are in the locale files. */
export const COMMAND_NAMES: readonly CommandName[] = ['start', 'help', 'ask', 'summary', 'compare', 'reports', 'source', 'language', 'reset'];

/** Commands whose usage shows arguments (`usage-NAME` in the locale files). */
export const COMMANDS_WITH_USAGE: ReadonlySet<CommandName> = new Set(['ask', 'summary', 'compare', 'source']);

export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

const COMMAND_LINE = /^\/([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/;

/** Separators between regions in `/compare 阳山 梁平`, including Chinese punctuation. */
const ARG_SEPARATOR = /[\s,，、;；]+/;

/** One line of the terminal chat: a command or a question. */
export function parseRequest(text: string): Request {
  const trimmed = text.trim();
  const match = COMMAND_LINE.exec(trimmed);
  if (!match) return { kind: 'ask', question: trimmed };
  const [, rawName = '', args = ''] = match;
  const name = rawName.toLowerCase();
  return isCommandName(name) ? commandRequest(name, args) : { kind: 'unknown', command: name };
}

/** A known command with the text after it. */
export function commandRequest(name: CommandName, rawArgs: string): Request {
  const args = rawArgs.trim();
  switch (name) {
    case 'start':
    case 'help':
    case 'reports':
    case 'reset':
      return { kind: name };
    case 'ask':
      return { kind: 'ask', question: args };
    case 'summary':
      return args ? { kind: 'summary', region: args } : { kind: 'summary' };
    case 'compare':
      return compareRequest(args);
    case 'source':
      return sourceRequest(args);
    case 'language': {
      const locale = args.toLowerCase();
      return isLocale(locale) ? { kind: 'language', locale } : { kind: 'language' };
    }
  }
}

function compareRequest(args: string): Request {
  const words = args.split(ARG_SEPARATOR).filter(Boolean);
  const [a, b, ...rest] = words;
  if (a === undefined) return { kind: 'compare', regions: [] };
  if (b === undefined) return { kind: 'compare', regions: [a] };
  const topic = rest.join(' ');
  return topic ? { kind: 'compare', regions: [a, b], topic } : { kind: 'compare', regions: [a, b] };
}

function sourceRequest(args: string): Request {
  const digits = args.normalize('NFKC').replace(/^\[|\]$/g, '').trim();
  if (!/^\d{1,3}$/.test(digits)) return { kind: 'source' };
  const n = Number(digits);
  return n > 0 ? { kind: 'source', n } : { kind: 'source' };
}
