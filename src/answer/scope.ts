import type { ReportMeta } from '../ingest/types.js';
import type { Question } from '../question/types.js';
import { coverageSentence, coveredWithin } from './compose/coverage.js';
import { yearPeriod } from './compose/render-text.js';

/**
 * The reports a question may draw on, as hard filters: the regions and years it names (a region
 * named without a year: its latest report, said so), or — when it names none — every region's
 * latest report. A scope no report covers is said plainly with what the reports do cover; a city
 * or province is never answered from one county's report.
 */

export type ResolvedScope =
  | {
      readonly ok: true;
      readonly metas: readonly ReportMeta[];
      /** Things to say about the scope: an older report left aside, an uncovered place among covered ones. */
      readonly notes: readonly string[];
      /** A whole year asked of reports that cover part of one: their figures are shown, but do not answer. */
      readonly partialYear?: string;
      /** The question named regions (not "across all reports"). */
      readonly named: boolean;
    }
  | { readonly ok: false; readonly message: string };

const latestFirst = (a: ReportMeta, b: ReportMeta) => b.year - a.year;

/** Each region's reports, latest first: grouped in one pass, as a question naming no region asks of every region. */
function reportsByRegion(reports: readonly ReportMeta[]): Map<string, ReportMeta[]> {
  const byRegion = new Map<string, ReportMeta[]>();
  for (const r of reports) {
    const own = byRegion.get(r.region);
    if (own) own.push(r);
    else byRegion.set(r.region, [r]);
  }
  for (const own of byRegion.values()) own.sort(latestFirst);
  return byRegion;
}

/** Plans for a year are written in the report of the year before ("2021年工作计划" closes the 2020 report). */
function yearsFor(question: Question, own: readonly ReportMeta[]): number[] {
  const { years, yearsBack } = question.scope;
  if (years.length > 0) {
    const plans = question.intent === 'plans' || question.measure.qualifiers.includes('target');
    return years.map((y) => (plans && !own.some((r) => r.year === y) && own.some((r) => r.year === y - 1) ? y - 1 : y));
  }
  if (yearsBack === undefined) return [];
  const year = new Date().getFullYear() - yearsBack;
  return own.some((r) => r.year === year) ? [year] : [];
}

interface RegionChoice {
  readonly reports: ReportMeta[];
  readonly note?: string;
  readonly missing?: string;
}

/** A region's reports for the years asked, else its latest (said when it has others); `own` are its reports, latest first. */
function chooseReports(question: Question, region: string, own: readonly ReportMeta[]): RegionChoice {
  const years = yearsFor(question, own);
  if (years.length > 0) {
    const chosen = own.filter((r) => years.includes(r.year));
    if (chosen.length > 0) return { reports: chosen };
    const have = own.map((r) => yearPeriod(r)).join('、');
    return { reports: [], missing: `${region}没有${years.join('、')}年的报告（现有${have}的报告）。` };
  }
  const [latest, ...older] = own;
  if (!latest) return { reports: [] };
  const note = older.length > 0 && question.scope.yearsBack === undefined ? `${region}有${own.map((r) => r.year).join('、')}年的报告，问题没有说年份，这里用最新的${yearPeriod(latest)}报告。` : undefined;
  return { reports: [latest], ...(note ? { note } : {}) };
}

/** A part of the year asked that the reports do not cover: 下半年 of a half-year report, 上半年 of a full-year one. */
function periodGap(question: Question, reports: readonly ReportMeta[]): string | undefined {
  const period = question.scope.period;
  if (!period || period === '全年' || reports.some((r) => r.period === period)) return undefined;
  const have = reports.map((r) => `${r.region}${yearPeriod(r)}`).join('、');
  return `报告库里没有${period}的报告（现有${have}的报告），全年的数字不是${period}的。`;
}

function partialYearOf(question: Question, reports: readonly ReportMeta[]): string | undefined {
  if (question.scope.period !== '全年') return undefined;
  const partial = reports.filter((r) => r.period !== '全年');
  if (partial.length === 0 || partial.length < reports.length) return undefined;
  const covered = partial.map((r) => `${r.region}的报告只覆盖${yearPeriod(r)}`).join('，');
  return `${covered}，没有全年的数字；以下是${[...new Set(partial.map((r) => yearPeriod(r)))].join('、')}的数字，不是全年的。`;
}

/** A region's reports as a command names them ("固始 2023"): the year asked first, else the newest first. */
export function reportsOfRegion(region: string, year: number | undefined, metas: readonly ReportMeta[]): ReportMeta[] {
  return metas.filter((m) => m.region === region).sort((a, b) => (a.year === year ? -1 : b.year === year ? 1 : b.year - a.year));
}

export function resolveScope(question: Question, metas: readonly ReportMeta[]): ResolvedScope {
  const all = metas;
  const { regions: named, unknownPlace } = question.scope;
  const own = named.filter((r) => r.own);
  const cities = named.filter((r) => !r.own && r.regions.length > 0);
  const uncovered = named.filter((r) => r.regions.length === 0);
  if (named.length > 0 && own.length === 0) {
    if (cities.length > 0) {
      const names = cities.map((c) => c.name);
      return { ok: false, message: `报告库里没有${names.join('、')}本级的报告，下辖地区的报告不能代替。${names.map((n) => coveredWithin(n, metas)).join('')}` };
    }
    return { ok: false, message: `报告库里没有${uncovered.map((u) => u.name).join('、')}的报告，无法回答。${coverageSentence(metas)}` };
  }
  if (named.length === 0 && unknownPlace) return { ok: false, message: `没有找到名为“${unknownPlace}”的地区。${coverageSentence(metas)}` };

  const regions = own.length > 0 ? [...new Set(own.map((r) => r.name))] : [...new Set(all.map((r) => r.region).filter(Boolean))];
  const byRegion = reportsByRegion(all);
  const choices = regions.map((region) => chooseReports(question, region, byRegion.get(region) ?? []));
  const reports = choices.flatMap((c) => c.reports);
  const missing = choices.flatMap((c) => (c.missing ? [c.missing] : []));
  if (reports.length === 0) {
    const years = question.scope.years;
    return { ok: false, message: `${own.length > 0 && missing.length ? missing.join('') : `报告库里没有${years.join('、')}年的报告。`}${coverageSentence(metas)}` };
  }
  const gap = periodGap(question, reports);
  if (gap) return { ok: false, message: `${gap}${coverageSentence(metas)}` };
  const notes = [
    ...choices.flatMap((c) => (c.note ? [c.note] : [])),
    ...(own.length > 0 ? missing : []),
    ...uncovered.map((u) => `报告库里没有${u.name}的报告。`),
  ];
  const partialYear = partialYearOf(question, reports);
  return { ok: true, metas: reports, notes, named: own.length > 0, ...(partialYear ? { partialYear } : {}) };
}
