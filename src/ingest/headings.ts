/**
 * Recognises the heading ladder of Chinese official reports on a single (folded) line:
 * 一、 > (一)/（一） > 1. 1、 1． > (1) ① > run-in items 一是 …
 */

export const RUN_IN_LEVEL = 5;

export interface HeadingMark {
  /** 1 = 一、, 2 = (一), 3 = 1., 4 = (1) ①, 5 = 一是 */
  readonly level: number;
  /** Ordinal value of the marker (十一、 → 11). */
  readonly ordinal: number;
  /** Length of the marker, e.g. 2 for `一、`, 3 for `(一)`. */
  readonly markerLength: number;
}

const CN = '[一二三四五六七八九十]{1,3}';
const LADDER: readonly { level: number; pattern: RegExp }[] = [
  { level: 1, pattern: new RegExp(`^(${CN})[、.]|^第(${CN})(?:部分|章)[、.:\\s]?`) },
  { level: 2, pattern: new RegExp(`^\\((${CN})\\)`) },
  { level: 3, pattern: /^(\d{1,2})(?:、|\.(?!\d))/ },
  { level: 4, pattern: /^\((\d{1,2})\)|^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])/ },
  { level: RUN_IN_LEVEL, pattern: new RegExp(`^(${CN})是`) },
];

const CN_VALUE: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 as used in heading markers. */
export function chineseOrdinal(s: string): number {
  if (!s.includes('十')) return CN_VALUE[s] ?? 0;
  const [tens, ones] = s.split('十') as [string, string];
  return (tens ? (CN_VALUE[tens] ?? 0) : 1) * 10 + (ones ? (CN_VALUE[ones] ?? 0) : 0);
}

function ordinalOf(token: string): number {
  if (/^\d+$/.test(token)) return Number(token);
  if (/^[①-⑳]$/.test(token)) return token.charCodeAt(0) - 0x2460 + 1;
  return chineseOrdinal(token);
}

/** The heading marker at the start of a folded line, if any. */
export function matchHeadingMark(folded: string): HeadingMark | undefined {
  for (const { level, pattern } of LADDER) {
    const m = pattern.exec(folded);
    if (!m) continue;
    const token = m[1] ?? m[2] ?? '';
    return { level, ordinal: ordinalOf(token), markerLength: m[0].length };
  }
  return undefined;
}

/** Run-in items inside a paragraph: 一是…；二是… (a marker right after a sentence or clause end). */
export function findRunInMarks(folded: string): { index: number; ordinal: number; markerLength: number }[] {
  const marks: { index: number; ordinal: number; markerLength: number }[] = [];
  const re = new RegExp(`(?<=^|[。;!?:])\\s*(${CN})是`, 'g');
  for (const m of folded.matchAll(re)) {
    const digits = m[1]!;
    marks.push({ index: m.index + m[0].length - digits.length - 1, ordinal: chineseOrdinal(digits), markerLength: digits.length + 1 });
  }
  return marks;
}

const SENTENCE_END = /[。;!?]/;

/** Where the heading's own words end on its line: the first sentence end, or the line end. */
export function headingPhraseEnd(folded: string, from: number): number {
  for (let i = from; i < folded.length; i++) if (SENTENCE_END.test(folded[i]!)) return i;
  return folded.length;
}

/** A path step: the marker and the heading phrase up to its first clause end, at most 30 chars. */
export function headingStep(original: string, level: number, markerLength: number): string {
  const marker = original.slice(0, markerLength);
  if (level === RUN_IN_LEVEL) return marker.trim();
  const rest = original.slice(markerLength);
  const phrase = rest.split(/[。；;！？!?：:，,]/)[0]!.trim();
  const short = phrase.length > 30 ? `${phrase.slice(0, 30)}…` : phrase;
  return `${marker}${short}`.trim();
}

/** A line that stands alone as an unnumbered heading: short, no sentence punctuation, not a salutation. */
export function looksLikeHeadingLine(folded: string): boolean {
  const t = folded.trim();
  return t.length >= 4 && t.length <= 40 && !/[。;!?:]/.test(t) && !/^\d{4}年\d/.test(t);
}
