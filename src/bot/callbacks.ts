/**
 * Inline-button payloads. Telegram allows 64 bytes of callback data and a Chinese character
 * takes 3, so buttons carry short keys derived from report ids, never titles or names.
 */
import { createHash } from 'node:crypto';
import type { ReportMeta } from '../ingest/types.js';
import { COMPARE_TOPICS } from './dialog.js';

export const CALLBACK_DATA_MAX_BYTES = 64;

export type Action =
  | { readonly kind: 'summary'; readonly report: string }
  | { readonly kind: 'compareFirst'; readonly a: string }
  | { readonly kind: 'compareSecond'; readonly a: string; readonly b: string }
  | { readonly kind: 'compareTopic'; readonly a: string; readonly b: string; readonly topic: number }
  /** An admin puts a kept report version in place (confirming an upload, or rolling back). */
  | { readonly kind: 'versionUse'; readonly version: string }
  /** An admin leaves things as they are (the upload stays a kept version). */
  | { readonly kind: 'versionKeep'; readonly version: string };

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
    case 'compareFirst':
      return `a:${action.a}`;
    case 'compareSecond':
      return `b:${action.a}:${action.b}`;
    case 'compareTopic':
      return `t:${action.a}:${action.b}:${action.topic}`;
    case 'versionUse':
      return `v:u:${action.version}`;
    case 'versionKeep':
      return `v:k:${action.version}`;
  }
}

const KEY = '[0-9a-f]{6}';
const VERSION = '[0-9a-f]{12}';
const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => Action][] = [
  [new RegExp(`^s:(${KEY})$`), (m) => ({ kind: 'summary', report: m[1] as string })],
  [new RegExp(`^a:(${KEY})$`), (m) => ({ kind: 'compareFirst', a: m[1] as string })],
  [new RegExp(`^b:(${KEY}):(${KEY})$`), (m) => ({ kind: 'compareSecond', a: m[1] as string, b: m[2] as string })],
  [
    new RegExp(`^t:(${KEY}):(${KEY}):(\\d{1,2})$`),
    (m) => ({ kind: 'compareTopic', a: m[1] as string, b: m[2] as string, topic: Number(m[3]) }),
  ],
  [new RegExp(`^v:u:(${VERSION})$`), (m) => ({ kind: 'versionUse', version: m[1] as string })],
  [new RegExp(`^v:k:(${VERSION})$`), (m) => ({ kind: 'versionKeep', version: m[1] as string })],
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
