/**
 * Inline-button payloads. Telegram allows 64 bytes of callback data and a Chinese character
 * takes 3, so buttons carry short keys (report keys, answer ids, indexes), never titles or names.
 * Each kind has a prefix of its own, so a feature can claim its buttons by prefix alone.
 */
import { createHash } from 'node:crypto';
import type { ReportMeta } from '../ingest/types.js';
import { isCommandName, type CommandName } from './commands.js';
import { isLocale, type Locale } from './i18n.js';

export type Action =
  | { readonly kind: 'summary'; readonly report: string }
  /** The full passage of citation n of a kept answer. */
  | { readonly kind: 'passage'; readonly answer: string; readonly n: number }
  | { readonly kind: 'followUp'; readonly answer: string; readonly index: number }
  /** A part of a kept summary: 0 the overview, then its sections in order. */
  | { readonly kind: 'section'; readonly answer: string; readonly index: number }
  | { readonly kind: 'example'; readonly index: number }
  | { readonly kind: 'command'; readonly name: CommandName }
  | { readonly kind: 'language'; readonly locale: Locale }
  /** An admin puts a kept report version in place (confirming an upload, or rolling back). */
  | { readonly kind: 'versionUse'; readonly version: string }
  /** An admin leaves things as they are (the upload stays a kept version). */
  | { readonly kind: 'versionKeep'; readonly version: string }
  /** An admin takes a served report out (it stays a kept version). */
  | { readonly kind: 'reportRemove'; readonly report: string };

/** Six hex digits of the report id's hash: stable across restarts and uploads. */
export function reportKey(meta: ReportMeta): string {
  return createHash('sha1').update(meta.id).digest('hex').slice(0, 6);
}

export function findReport(reports: readonly ReportMeta[], key: string): ReportMeta | undefined {
  return reports.find((r) => reportKey(r) === key);
}

export function encodeAction(action: Action): string {
  switch (action.kind) {
    case 'summary':
      return `s:${action.report}`;
    case 'passage':
      return `p:${action.answer}:${action.n}`;
    case 'followUp':
      return `f:${action.answer}:${action.index}`;
    case 'section':
      return `v:${action.answer}:${action.index}`;
    case 'example':
      return `e:${action.index}`;
    case 'command':
      return `k:${action.name}`;
    case 'language':
      return `l:${action.locale}`;
    case 'versionUse':
      return `r:u:${action.version}`;
    case 'versionKeep':
      return `r:k:${action.version}`;
    case 'reportRemove':
      return `r:d:${action.report}`;
  }
}

const KEY = '[0-9a-f]{6}';
const ID = '[0-9a-z]{6}';
const VERSION = '[0-9a-f]{12}';
const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => Action | undefined][] = [
  [new RegExp(`^s:(${KEY})$`), (m) => ({ kind: 'summary', report: m[1] as string })],
  [new RegExp(`^p:(${ID}):(\\d{1,3})$`), (m) => ({ kind: 'passage', answer: m[1] as string, n: Number(m[2]) })],
  [new RegExp(`^f:(${ID}):(\\d)$`), (m) => ({ kind: 'followUp', answer: m[1] as string, index: Number(m[2]) })],
  [new RegExp(`^v:(${ID}):(\\d{1,2})$`), (m) => ({ kind: 'section', answer: m[1] as string, index: Number(m[2]) })],
  [/^e:(\d)$/, (m) => ({ kind: 'example', index: Number(m[1]) })],
  [/^k:([a-z]+)$/, (m) => (isCommandName(m[1] as string) ? { kind: 'command', name: m[1] as CommandName } : undefined)],
  [/^l:([a-z]+)$/, (m) => (isLocale(m[1]) ? { kind: 'language', locale: m[1] } : undefined)],
  [new RegExp(`^r:u:(${VERSION})$`), (m) => ({ kind: 'versionUse', version: m[1] as string })],
  [new RegExp(`^r:k:(${VERSION})$`), (m) => ({ kind: 'versionKeep', version: m[1] as string })],
  [new RegExp(`^r:d:(${KEY})$`), (m) => ({ kind: 'reportRemove', report: m[1] as string })],
];

/** Undefined for data this version of the bot never produces (an old or forged button). */
export function decodeAction(data: string): Action | undefined {
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(data);
    if (m) return build(m);
  }
  return undefined;
}
