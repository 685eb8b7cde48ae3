/** Short plain-text labels for reports and citations, shared by every front end. */
import type { Citation } from '../answer/types.js';
import type { ReportMeta } from '../ingest/types.js';
import { shortenAtWord } from './sources.js';

/** Heading texts are cut to this many characters in citation lines. */
const SECTION_PART_CHARS = 10;

/** `2024 全年` */
export function periodLabel(year: number, period: string): string {
  return `${year} ${period}`;
}

/** `一、主要措施… > (五)优化司法…`: each heading shortened at a word boundary, so a citation fits one line. */
export function sectionLabel(section: string): string {
  return section
    .split(' > ')
    .filter(Boolean)
    .map((part) => shortenAtWord(part.trim(), SECTION_PART_CHARS))
    .join(' > ');
}

/** `[n] 阳山县司法局 · 2024 全年 · 一、… > (五)…` */
export function citationLabel(c: Citation): string {
  const parts = [c.bureau, periodLabel(c.year, c.period)];
  const section = sectionLabel(c.section);
  if (section) parts.push(section);
  return `[${c.n}] ${parts.join(' · ')}`;
}

/** `阳山县司法局 · 2024 全年 · 法治政府建设年度报告` */
export function reportLabel(meta: ReportMeta): string {
  return [meta.bureau, periodLabel(meta.year, meta.period), meta.kind].filter(Boolean).join(' · ');
}

/** A button's text: `阳山县 2024` (plus the period when not a whole year). */
export function reportButtonLabel(meta: ReportMeta): string {
  const period = meta.period === '全年' ? '' : meta.period;
  return `${meta.region} ${meta.year}${period}`;
}

/** The metadata detected for an uploaded report, one field a line. */
export function reportDetails(meta: ReportMeta): string[] {
  const place = [meta.province, meta.city, meta.region].filter(Boolean).join(' ');
  return [
    `标题：${meta.title}`,
    `机关：${meta.bureau}`,
    `地区：${place}`,
    `时间：${periodLabel(meta.year, meta.period)}`,
    `类型：${meta.kind}`,
    ...(meta.signedDate ? [`日期：${meta.signedDate}`] : []),
    `编号：${meta.id}`,
  ];
}
