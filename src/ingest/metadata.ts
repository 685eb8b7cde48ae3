import type { RegionInfo } from './gazetteer.js';
import { chineseOrdinal } from './headings.js';
import { signatureDate, type Layout } from './layout.js';
import type { NumberToken } from './numbers.js';
import path from 'node:path';
import { spanAt } from './spans.js';
import { foldText } from './normalize.js';
import { detectRegion } from './region-detect.js';
import type { Passage } from './sections.js';
import type { Period, ReportMeta, Script, Span } from './types.js';

/** Report metadata read from the text: region, bureau, year, period, kind, signing date, title, script. */

export interface MetaInput {
  readonly id: string;
  readonly file: string;
  readonly text: string;
  readonly folded: string;
  readonly layout: Layout;
  readonly passages: readonly Passage[];
  readonly numbers: readonly NumberToken[];
}

/** Metadata as detected; region fields are absent when no region is named clearly. */
export type DetectedMeta = Omit<ReportMeta, 'city' | 'province'> & { city?: string; province?: string };

const PERIOD_PATTERNS: readonly (readonly [RegExp, Period])[] = [
  [/前三季度|1[-—~至到]9月|一至九月/, '前三季度'],
  [/上半年|1[-—~至到]6月|一至六月/, '上半年'],
  [/下半年|7[-—~至到]12月|七至十二月/, '下半年'],
  [/第一季度|一季度|1[-—~至到]3月/, '第一季度'],
  [/第二季度|二季度/, '第二季度'],
  [/第三季度|三季度/, '第三季度'],
  [/第四季度|四季度/, '第四季度'],
];

const KIND_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/法治政府建设[^。]*(?:报告|情况)|法治政府建设年度报告/, '法治政府建设年度报告'],
  [/述职/, '述职报告'],
  [/总结/, '工作总结'],
  [/工作要点/, '工作要点'],
  [/工作计划/, '工作计划'],
  [/报告/, '工作报告'],
];

const AGENCIES = ['司法局', '公安局', '财政局', '民政局', '教育局', '审计局', '统计局', '商务局', '水利局', '林业局', '信访局',
  '应急管理局', '市场监督管理局', '城市管理局', '医疗保障局', '交通运输局', '自然资源局', '生态环境局', '农业农村局',
  '住房和城乡建设局', '文化和旅游局', '人力资源和社会保障局', '卫生健康局', '人民政府', '人民法院', '人民检察院'];

function spanText(text: string, lines: Layout['lines'], indexes: readonly number[]): string {
  return indexes.map((i) => text.slice(lines[i]!.start, lines[i]!.end).replace(/\s+/g, '')).join('');
}

function spansOf(layout: Layout, indexes: readonly number[]): Span[] {
  return indexes.map((i) => layout.lines[i]!);
}

/** The sentence that announces the report (现将…报告如下), where year, period and kind are named. */
function announcement(folded: string): Span | undefined {
  const m = /现将[^。:\n]{0,80}(?:报告|总结|汇报)如下|特(?:此)?报告|报告如下/.exec(folded);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

function preambleEnd(passages: readonly Passage[], fallback: number): number {
  return passages.find((p) => p.path.length > 0)?.start ?? fallback;
}

export function detectScript(text: string, folded: string): Script {
  let han = 0;
  let changed = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x4e00 || code > 0x9fff) continue;
    han++;
    if (text[i] !== folded[i]) changed++;
  }
  return han > 0 && changed / han > 0.05 ? 'traditional' : 'simplified';
}

const CN_DIGIT = '〇一二三四五六七八九';

/** 2022 or 二〇二二, 2 or 二, 28 or 二十八. */
function dateNumber(s: string, digitwise: boolean): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (digitwise) return Number([...s].map((ch) => Math.max(0, CN_DIGIT.indexOf(ch === '零' ? '〇' : ch))).join(''));
  return chineseOrdinal(s);
}

function detectSignedDate(layout: Layout): string | undefined {
  for (const i of layout.signatureLines) {
    const m = signatureDate(layout.lines[i]!.folded);
    if (!m) continue;
    const [year, month, day] = [dateNumber(m[1]!, true), dateNumber(m[2]!, false), dateNumber(m[3]!, false)];
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return undefined;
}

/** Years weighted by where they stand: title, announcement, preamble, top headings; not in 《…》, ranges or plans. */
function detectYear(input: MetaInput, title: readonly Span[], intro: Span | undefined, signedDate: string | undefined): number {
  const { folded, numbers, passages } = input;
  const introEnd = preambleEnd(passages, folded.length);
  const scores = new Map<number, number>();
  for (const t of numbers) {
    if (t.kind !== 'year' || inBookTitle(folded, t.start) || inRange(folded, t)) continue;
    const passage = spanAt(passages, t.start);
    if (passage?.role === 'plans') continue;
    const weight = title.some((s) => within(s, t.start)) ? 10 : intro && within(intro, t.start) ? 6 : t.start < introEnd ? 2 : 0.5;
    scores.set(t.value, (scores.get(t.value) ?? 0) + weight);
  }
  const best = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  if (best) return best[0];
  if (!signedDate) return 0;
  const [y, m] = signedDate.split('-').map(Number) as [number, number];
  return m <= 3 ? y - 1 : y;
}

const RANGE_MARK = /[-—–~至]/;

/** 2021-2025年 names a plan's span, not the year reported on. */
function inRange(folded: string, t: Span): boolean {
  return RANGE_MARK.test(folded[t.end] ?? '') || RANGE_MARK.test(folded[t.start - 1] ?? '');
}

function within(span: Span, pos: number): boolean {
  return span.start <= pos && pos < span.end;
}

function inBookTitle(folded: string, pos: number): boolean {
  const open = folded.lastIndexOf('《', pos);
  return open !== -1 && folded.lastIndexOf('》', pos) < open;
}

function detectPeriod(sources: readonly string[]): Period {
  for (const source of sources) {
    const hit = PERIOD_PATTERNS.find(([re]) => re.test(source));
    if (hit) return hit[1];
  }
  return '全年';
}

function detectKind(sources: readonly string[]): string {
  for (const source of sources) {
    const hit = KIND_PATTERNS.find(([re]) => re.test(source));
    if (hit) return hit[1];
  }
  return '工作报告';
}

/** The kind of office: the agency most often named after the region or 县/区/市 (县司法局 …). */
function detectAgency(folded: string, region: RegionInfo | undefined): string {
  const prefixes = ['县', '区', '市', ...(region ? [region.name, region.shortName] : [])];
  let best = '';
  let bestCount = 0;
  for (const agency of AGENCIES) {
    const count = prefixes.reduce((n, p) => n + folded.split(p + agency).length - 1, 0);
    if (count > bestCount) [best, bestCount] = [agency, count];
  }
  if (best) return best;
  return /我局/.test(folded) && /司法/.test(folded) ? '司法局' : '';
}

export function composeTitle(meta: Pick<ReportMeta, 'bureau' | 'year' | 'period' | 'kind'>): string {
  const year = meta.year ? `${meta.year}年` : '';
  const period = meta.period === '全年' ? '' : meta.period;
  return `${meta.bureau}${year}${period}${meta.kind}`;
}

export function bureauOf(region: string, folded: string, info: RegionInfo | undefined): string {
  const agency = detectAgency(folded, info);
  return agency ? `${region}${agency}` : region;
}

const ORGANISATION = new RegExp(`^(\\p{Script=Han}{2,20}?)(${AGENCIES.join('|')})`, 'u');

/** For a place the gazetteer does not know (苏州工业园区): the office named in the signature or title. */
function namedOrganisation(layout: Layout, title: string): { bureau: string; region: string } | undefined {
  const candidates = [...layout.signatureLines.map((i) => layout.lines[i]!.folded.replace(/\s+/g, '')), title];
  for (const line of candidates) {
    const m = ORGANISATION.exec(line);
    if (m) return { bureau: m[0], region: m[1]! };
  }
  return undefined;
}

/** Where a report says what it is: its title, its announcement (现将…报告如下) and its first sentence. */
interface Opening {
  readonly title: string;
  readonly titleSpans: readonly Span[];
  readonly intro?: Span;
  /** Folded texts to read period and kind from, most telling first. */
  readonly sources: readonly string[];
}

function readOpening({ text, folded, layout, passages }: MetaInput): Opening {
  const titleSpans = spansOf(layout, layout.titleLines);
  const rawTitle = spanText(text, layout.lines, layout.titleLines);
  const title = /报告|总结|情况|要点|计划|汇报|述职|(?:19|20)\d\d年/.test(rawTitle) ? rawTitle : '';
  const intro = announcement(folded);
  const firstPassage = passages[0] ? folded.slice(passages[0].start, passages[0].end) : '';
  const firstSentence = firstPassage.split(/[。\n]/).find((t) => t.trim()) ?? '';
  const titleText = title ? folded.slice(titleSpans[0]!.start, titleSpans.at(-1)!.end) : '';
  const sources = [titleText, intro ? folded.slice(intro.start, intro.end) : '', firstSentence].filter(Boolean);
  return { title, titleSpans: title ? titleSpans : [], ...(intro ? { intro } : {}), sources };
}

/**
 * What a file's name says, read like a title: people save reports under their published titles
 * (大冶市司法局2025年上半年工作总结.txt), which name what the text may leave out (我市, 我局).
 */
function fromFileName(file: string): { folded: string; year?: number } {
  const name = foldText(path.basename(file, path.extname(file)));
  const year = /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(name)?.[1];
  return { folded: name, ...(year ? { year: Number(year) } : {}) };
}

export function detectMeta(input: MetaInput): DetectedMeta {
  const { text, folded, layout, passages } = input;
  const { title, titleSpans, intro, sources } = readOpening(input);
  const named = fromFileName(input.file);
  // the file name counts as a title line: it may be the only place the region is named
  const withName = `${folded}\n${named.folded}`;
  const nameSpan = { start: folded.length + 1, end: withName.length };
  const region = detectRegion({ folded: withName, prominent: [...spansOf(layout, layout.titleLines), ...spansOf(layout, layout.signatureLines), nameSpan] });
  const signedDate = detectSignedDate(layout);
  const year = detectYear(input, titleSpans, intro, signedDate) || named.year || 0;
  const period = detectPeriod([...sources, named.folded]);
  const topHeadings = passages.filter((p) => p.path.length === 1).map((p) => folded.slice(p.start, p.end).split('\n')[0]!);
  const kind = detectKind([...sources, ...topHeadings.filter((h) => /法治政府建设/.test(h)), folded.slice(0, 300)]);
  const org = region ? undefined : namedOrganisation(layout, title);
  const regionName = region?.name ?? org?.region ?? '';
  const bureau = org?.bureau ?? bureauOf(regionName, folded, region);
  return {
    id: input.id,
    file: input.file,
    title: title || composeTitle({ bureau, year, period, kind }),
    bureau,
    region: regionName,
    ...(region?.city ? { city: region.city } : {}),
    ...(region?.province ? { province: region.province } : {}),
    year,
    period,
    kind,
    ...(signedDate ? { signedDate } : {}),
    script: detectScript(text, folded),
  };
}
