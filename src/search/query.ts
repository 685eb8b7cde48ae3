import { findRegionMentions } from '../ingest/gazetteer.js';
import { foldText } from '../ingest/normalize.js';
import type { Period, SectionRole } from '../ingest/types.js';
import { BIGRAM_PREFIX, bigrams, isStopWord, segments, words } from '../index/tokenizer.js';
import type { Catalog } from './catalog.js';
import { findMentions, unknownRegionIn, type LocatedMention } from './regions.js';
import { expandTerms, synonymWordsIn } from './synonyms.js';
import type { ParsedQuery } from './types.js';

/**
 * Query understanding: the regions, years and period a question names, whether it asks for a
 * figure, for problems or for plans, and its content terms with their synonyms.
 */

export interface UnderstoodQuery extends ParsedQuery {
  readonly mentions: readonly LocatedMention[];
  /** Character bigrams of the question's content, stop and question words left out. */
  readonly contentBigrams: readonly string[];
  /** A region-like name no gazetteer knows (火星县司法局 → 火星县). */
  readonly unknownRegion?: string;
  /** 今年 / 去年 / 前年: years back from the current one. */
  readonly yearsBack?: number;
}

const PERIODS: readonly Period[] = ['前三季度', '上半年', '下半年', '第一季度', '第二季度', '第三季度', '第四季度', '全年'];
const CN_DIGIT: Readonly<Record<string, string>> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
const YEAR_RANGE = /(?:19|20)\d{2}\s*年?\s*(?:-|—|–|~|至|到)\s*(?:19|20)\d{2}\s*年?/g;
const ARABIC_YEAR = /(?<!\d)((?:19|20)\d{2})\s*年度?/g;
const CHINESE_YEAR = /([〇零一二三四五六七八九]{4})\s*年度?/g;
const RELATIVE_YEAR: readonly (readonly [RegExp, number])[] = [
  [/今年|本年度?|当年/g, 0],
  [/去年|上一?年度?/g, 1],
  [/前年/g, 2],
];
const PERIOD_WORDS = new RegExp(PERIODS.join('|'), 'g');
const FIGURE_INTENT = /多少|几[个名项件次人家所场天年宗位批期条份倍]?|多大|多高|多长|多久|比例|比重|占比|百分之|率|金额|数额|数量|总数|人数|件数|次数|规模|增幅|增长|下降|排名/;
const PROBLEM_INTENT = /问题|不足|短板|差距|困难|薄弱|挑战|瓶颈/;
const PLAN_INTENT = /下一步|下步|计划|打算|展望|今后|明年|未来|思路|目标任务|工作安排/;
/** 几家, 几个, 多少件 …: what is asked, not what it is about. */
const QUESTION_WORD = /^(?:几|多少)\p{Script=Han}?$/u;
/** Words that only say which part of a report is asked for: the section role answers them. */
const ROLE_WORD = /^(?:存在|问题|不足|短板|差距|困难|薄弱|挑战|瓶颈|下一步|下步|计划|打算|展望|今后|明年|未来|思路|安排|目标任务|工作计划|工作打算)$/;

/** Blanks out [start, end) ranges, keeping offsets. */
function blank(text: string, ranges: readonly { start: number; end: number }[]): string {
  const codeUnits = text.split('');
  for (const { start, end } of ranges) codeUnits.fill(' ', start, end);
  return codeUnits.join('');
}

function matchRanges(text: string, pattern: RegExp): { start: number; end: number; match: RegExpMatchArray }[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, match: m }));
}

function findYears(folded: string): { years: number[]; ranges: { start: number; end: number }[] } {
  const ranges = matchRanges(folded, YEAR_RANGE);
  const outsideRanges = (r: { start: number }) => !ranges.some((x) => r.start >= x.start && r.start < x.end);
  const arabic = matchRanges(folded, ARABIC_YEAR).filter(outsideRanges);
  const chinese = matchRanges(folded, CHINESE_YEAR);
  const years = [
    ...arabic.map((r) => Number(r.match[1])),
    ...chinese.map((r) => Number([...r.match[1]!].map((c) => CN_DIGIT[c]).join(''))),
  ];
  return { years: [...new Set(years)], ranges: [...ranges, ...arabic, ...chinese] };
}

function findYearsBack(folded: string): { yearsBack?: number; ranges: { start: number; end: number }[] } {
  for (const [pattern, back] of RELATIVE_YEAR) {
    const ranges = matchRanges(folded, pattern);
    if (ranges.length) return { yearsBack: back, ranges };
  }
  return { ranges: [] };
}

function roleOf(folded: string): SectionRole | undefined {
  if (PLAN_INTENT.test(folded)) return 'plans';
  if (PROBLEM_INTENT.test(folded)) return 'problems';
  return undefined;
}

const SINGLE_HAN = /^\p{Script=Han}$/u;

/** The tokens with stop and question words blanked, and the measure word after 多少/几 (多少|宗). */
function contentTokens(tokens: readonly string[], isAsking: (t: string) => boolean): string[] {
  let afterQuestion = false;
  return tokens.map((t) => {
    const drop = isStopWord(t) || isAsking(t) || (afterQuestion && SINGLE_HAN.test(t));
    afterQuestion = /^(?:多少|几)/.test(t);
    return drop ? ' '.repeat(t.length) : t;
  });
}

export function understandQuery(question: string, catalog: Catalog): UnderstoodQuery {
  const text = question.trim();
  const folded = foldText(text);
  const mentions = findMentions(text, catalog);
  const unknownRegion = unknownRegionIn(text, mentions);
  const { years, ranges: yearRanges } = findYears(folded);
  const relative: { yearsBack?: number; ranges: { start: number; end: number }[] } = years.length ? { ranges: [] } : findYearsBack(folded);
  const periodRanges = matchRanges(folded, PERIOD_WORDS);
  const period = periodRanges[0]?.match[0] as Period | undefined;
  // Parents that only qualify a region (上海市 of 上海市浦东新区) are no content either.
  const named = [...mentions, ...findRegionMentions(text)];
  const content = blank(folded, [...named, ...yearRanges, ...relative.ranges, ...periodRanges]);
  const role = roleOf(folded);
  const isAsking = (t: string) => QUESTION_WORD.test(t) || (role !== undefined && ROLE_WORD.test(t));
  const kept = contentTokens(segments(content), isAsking);
  const segmented = words(content).filter((t) => !isAsking(t));
  const terms = [...new Set([...segmented, ...synonymWordsIn(content, segmented)])];
  return {
    text,
    folded,
    regions: mentions.map(({ text: t, name, covered }) => ({ text: t, name, covered })),
    years,
    ...(period ? { period } : {}),
    wantsFigure: FIGURE_INTENT.test(folded),
    ...(role ? { role } : {}),
    terms,
    expandedTerms: expandTerms(terms),
    mentions,
    contentBigrams: [...new Set(bigrams(kept.join('')).map((b) => b.slice(BIGRAM_PREFIX.length)))],
    ...(unknownRegion ? { unknownRegion } : {}),
    ...(relative.yearsBack !== undefined ? { yearsBack: relative.yearsBack } : {}),
  };
}
