import type { Period } from '../ingest/types.js';
import type { Span } from '../ingest/types.js';

/**
 * The years and the part of a year a question names: 2024年, 二〇二四年, ２０２４, 2024全年, 今年/去年,
 * 上半年, 一整年; in English "in 2024", "first half", "last year". Each found with the span it takes,
 * so what is left of the question is its content.
 */

export interface TimeScope {
  readonly years: readonly number[];
  readonly yearsBack?: number;
  readonly period?: Period;
  /** Where the question says it, to be left out of its content. */
  readonly spans: readonly Span[];
}

const CN_DIGIT: Readonly<Record<string, string>> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
const YEAR_RANGE = /(?:19|20)\d{2}\s*年?\s*(?:-|—|–|~|至|到)\s*(?:19|20)\d{2}\s*年?/g;
/** A year in digits: with 年, or standing alone (2024全年, "in 2024"), never a count (2024件). */
const ARABIC_YEAR = /(?<![\d.])((?:19|20)\d{2})(?:\s*年度?|(?![\d.%])(?!\s*[件宗起人名个元万场次份家项条期]))/g;
const CHINESE_YEAR = /([〇零一二三四五六七八九]{4})\s*年度?/g;
const RELATIVE_YEAR: readonly (readonly [RegExp, number])[] = [
  [/今年|本年度?|当年|this year/g, 0],
  [/去年|上一?年度?|last year|previous year/g, 1],
  [/前年|year before last/g, 2],
];
const PERIODS: readonly (readonly [RegExp, Period])[] = [
  [/前三季度|first three quarters/g, '前三季度'],
  [/上半年|first half(?: of the year)?|\bh1\b|first six months|half[- ]year/g, '上半年'],
  [/下半年|second half(?: of the year)?|\bh2\b|last six months/g, '下半年'],
  [/第一季度|一季度|first quarter|\bq1\b/g, '第一季度'],
  [/第二季度|二季度|second quarter|\bq2\b/g, '第二季度'],
  [/第三季度|三季度|third quarter|\bq3\b/g, '第三季度'],
  [/第四季度|四季度|fourth quarter|\bq4\b/g, '第四季度'],
  // a whole year as people say it (一年, 一整年, 整年, 全年, 2024年度), not 上一年, 一年多, 年度报告
  [/全年|(?<![上下前去今明近每第])一整?年(?![多半级来以])|整年|(?<=\d{4}\s*)年度(?!报告|总结|计划|考核|检查)|full year|whole year|entire year|all year/g, '全年'],
];

function matches(text: string, pattern: RegExp): { span: Span; match: RegExpMatchArray }[] {
  return [...text.matchAll(pattern)].map((m) => ({ span: { start: m.index!, end: m.index! + m[0].length }, match: m }));
}

const within = (spans: readonly Span[]) => (s: Span) => spans.some((x) => s.start >= x.start && s.start < x.end);

/** `folded` is the question folded (Simplified, half width, lower case). */
export function readTimeScope(folded: string): TimeScope {
  const ranges = matches(folded, YEAR_RANGE).map((m) => m.span);
  const arabic = matches(folded, ARABIC_YEAR).filter((m) => !within(ranges)(m.span));
  const chinese = matches(folded, CHINESE_YEAR);
  const years = [...new Set([...arabic.map((m) => Number(m.match[1])), ...chinese.map((m) => Number([...m.match[1]!].map((c) => CN_DIGIT[c]).join('')))])];
  const spans: Span[] = [...ranges, ...arabic.map((m) => m.span), ...chinese.map((m) => m.span)];
  let yearsBack: number | undefined;
  if (years.length === 0) {
    for (const [pattern, back] of RELATIVE_YEAR) {
      const found = matches(folded, pattern);
      if (found.length === 0) continue;
      yearsBack = back;
      spans.push(...found.map((m) => m.span));
      break;
    }
  }
  let period: Period | undefined;
  for (const [pattern, name] of PERIODS) {
    const found = matches(folded, pattern).filter((m) => !within(spans)(m.span));
    if (found.length === 0) continue;
    period ??= name;
    spans.push(...found.map((m) => m.span));
  }
  return { years, ...(yearsBack !== undefined ? { yearsBack } : {}), ...(period ? { period } : {}), spans };
}
