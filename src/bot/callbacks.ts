/**
 * Inline-button payloads. Telegram allows 64 bytes of callback data and a Chinese character
 * takes 3, so buttons carry short keys (report keys, answer ids, indexes), never titles or names.
 */
import { createHash } from 'node:crypto';
import type { ReportMeta } from '../ingest/types.js';
import { isCommandName, type CommandName } from './commands.js';
import { COMPARE_TOPICS } from './dialog.js';
import { isLocale, type Locale } from './i18n.js';

export const CALLBACK_DATA_MAX_BYTES = 64;

export type Action =
  | { readonly kind: 'summary'; readonly report: string }
  | { readonly kind: 'compareStart' }
  | { readonly kind: 'compareFirst'; readonly a: string }
  | { readonly kind: 'compareSecond'; readonly a: string; readonly b: string }
  | { readonly kind: 'compareTopic'; readonly a: string; readonly b: string; readonly topic: number }
  | { readonly kind: 'compareCancel' }
  /** The full passage of citation n of a kept answer. */
  | { readonly kind: 'passage'; readonly answer: string; readonly n: number }
  | { readonly kind: 'followUp'; readonly answer: string; readonly index: number }
  /** A part of a kept summary: 0 the overview, then its sections in order. */
  | { readonly kind: 'section'; readonly answer: string; readonly index: number }
  | { readonly kind: 'example'; readonly index: number }
  | { readonly kind: 'command'; readonly name: CommandName }
  | { readonly kind: 'language'; readonly locale: Locale };

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
    case 'compareStart':
      return 'c:';
    case 'compareFirst':
      return `a:${action.a}`;
    case 'compareSecond':
      return `b:${action.a}:${action.b}`;
    case 'compareTopic':
      return `t:${action.a}:${action.b}:${action.topic}`;
    case 'compareCancel':
      return 'x:';
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
  }
}

const KEY = '[0-9a-f]{6}';
const ID = '[0-9a-z]{6}';
const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => Action | undefined][] = [
  [new RegExp(`^s:(${KEY})$`), (m) => ({ kind: 'summary', report: m[1] as string })],
  [/^c:$/, () => ({ kind: 'compareStart' })],
  [new RegExp(`^a:(${KEY})$`), (m) => ({ kind: 'compareFirst', a: m[1] as string })],
  [new RegExp(`^b:(${KEY}):(${KEY})$`), (m) => ({ kind: 'compareSecond', a: m[1] as string, b: m[2] as string })],
  [
    new RegExp(`^t:(${KEY}):(${KEY}):(\\d{1,2})$`),
    (m) => ({ kind: 'compareTopic', a: m[1] as string, b: m[2] as string, topic: Number(m[3]) }),
  ],
  [/^x:$/, () => ({ kind: 'compareCancel' })],
  [new RegExp(`^p:(${ID}):(\\d{1,3})$`), (m) => ({ kind: 'passage', answer: m[1] as string, n: Number(m[2]) })],
  [new RegExp(`^f:(${ID}):(\\d)$`), (m) => ({ kind: 'followUp', answer: m[1] as string, index: Number(m[2]) })],
  [new RegExp(`^v:(${ID}):(\\d{1,2})$`), (m) => ({ kind: 'section', answer: m[1] as string, index: Number(m[2]) })],
  [/^e:(\d)$/, (m) => ({ kind: 'example', index: Number(m[1]) })],
  [/^k:([a-z]+)$/, (m) => (isCommandName(m[1] as string) ? { kind: 'command', name: m[1] as CommandName } : undefined)],
  [/^l:([a-z]+)$/, (m) => (isLocale(m[1]) ? { kind: 'language', locale: m[1] } : undefined)],
];

/** Undefined for data this version of the bot never produces (an old or forged button). */
export function decodeAction(data: string): Action | undefined {
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(data);
    if (m) return build(m);
  }
  return undefined;
}

/** The topic a compareTopic action names: `{}` for 全部 (what both reports share), undefined when out of range. */
export function topicOf(index: number): { readonly topic?: string } | undefined {
  if (index === 0) return {};
  const topic = COMPARE_TOPICS[index];
  return topic === undefined ? undefined : { topic };
}
