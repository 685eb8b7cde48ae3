import type { ReportMeta } from '../ingest/types.js';
import type { ParsedQuery } from '../search/types.js';
import { yearPeriod } from './render-text.js';
import { coveredWithin } from './coverage.js';

/**
 * What a question asks that the reports do not cover (a region's own bureau, a year, a part of the
 * year), said before any search; and a whole year asked of reports that cover only part of one.
 */

function inScope(metas: readonly ReportMeta[], regions: readonly string[], years: readonly number[]): ReportMeta[] {
  return metas.filter((m) => (regions.length === 0 || regions.includes(m.region)) && (years.length === 0 || years.includes(m.year)));
}

/** A city or province named whose own bureau has no report (only a county under it does): never answered from the county's. */
function regionGap(regions: readonly string[], metas: readonly ReportMeta[]): string | undefined {
  const without = regions.filter((r) => !metas.some((m) => m.region === r));
  if (without.length === 0 || without.length < regions.length) return undefined;
  return `报告库里没有${without.join('、')}本级的报告，下辖地区的报告不能代替。${without.map((r) => coveredWithin(r, metas)).join('')}`;
}

/** A region the reports cover, asked about for a year they do not. */
function regionYearGap(parsed: ParsedQuery, regions: readonly string[], years: readonly number[], metas: readonly ReportMeta[]): string | undefined {
  if (years.length === 0 || regions.length === 0 || parsed.regions.some((r) => !r.covered)) return undefined;
  const missing = regions.filter((region) => !metas.some((m) => m.region === region && years.includes(m.year)));
  if (missing.length === 0) return undefined;
  return `${missing.join('、')}没有${years.join('、')}年的报告。`;
}

/** A part of the year (下半年, 第三季度) that no report in scope covers: the figures of another period are no answer. */
function periodGap(parsed: ParsedQuery, regions: readonly string[], years: readonly number[], metas: readonly ReportMeta[]): string | undefined {
  const period = parsed.period;
  if (!period || period === '全年') return undefined;
  const reports = inScope(metas, regions, years);
  if (reports.length === 0 || reports.some((m) => m.period === period)) return undefined;
  const have = reports.map((m) => `${m.region}${yearPeriod(m)}`).join('、');
  return `报告库里没有${regions.length ? regions.join('、') : ''}${period}的报告（现有${have}的报告）。`;
}

/** Why the reports cannot answer the question whatever passage a search finds, or undefined. */
export function scopeGap(parsed: ParsedQuery, regions: readonly string[], years: readonly number[], metas: readonly ReportMeta[]): string | undefined {
  return regionGap(regions, metas) ?? regionYearGap(parsed, regions, years, metas) ?? periodGap(parsed, regions, years, metas);
}

/** Plans for a year are written in the report of the year before ("2021年工作计划" closes the 2020 report). */
export function planYears(asked: readonly number[], regions: readonly string[], metas: readonly ReportMeta[]): number[] {
  const has = (year: number) => metas.some((m) => (regions.length === 0 || regions.includes(m.region)) && m.year === year);
  return asked.map((year) => (has(year) || !has(year - 1) ? year : year - 1));
}

/**
 * A whole year asked (全年, or 一年 made 全年 by plainQuestion) of reports that cover only part of it: said plainly before their figures,
 * which are shown for that part of the year and are no answer to the whole year.
 */
export function partialYear(parsed: ParsedQuery, regions: readonly string[], years: readonly number[], metas: readonly ReportMeta[]): string | undefined {
  if (parsed.period !== '全年') return undefined;
  const reports = inScope(metas, regions, years);
  if (reports.length === 0 || reports.some((m) => m.period === '全年')) return undefined;
  const covered = reports.map((m) => `${m.region}的报告只覆盖${yearPeriod(m)}`).join('，');
  const periods = [...new Set(reports.map(yearPeriod))].join('、');
  return `${covered}，没有全年的数字；以下是${periods}的数字，不是全年的。`;
}
