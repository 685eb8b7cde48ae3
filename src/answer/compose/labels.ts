import type { Figure, Report, ReportMeta } from '../../ingest/types.js';
import { yearPeriod } from './render-text.js';

/** "阳山县司法局2024年全年报告" */
export function sourceName(meta: ReportMeta): string {
  return `${meta.bureau}${yearPeriod(meta)}报告`;
}

const CLAUSE_STOP = /[，,；;。：:（()）\n！？!?]/;
/** A 、 ends a clause only after a figure (训诫19人次、警告12人次); else it lists what one figure counts (涉法事项研究、信访接待等30余次). */
const LIST_AFTER_FIGURE = 4;

function endsFigure(report: Report, at: number): boolean {
  return report.figures.some((f) => f.end <= at && at - f.end <= LIST_AFTER_FIGURE);
}
const MAX_SIDE = 20;

/** What a figure measures, in the report's words: its phrase, or the words just before it. */
export function figureLabel(report: Report, figure: Figure): string {
  const phrase = figure.phrase.trim();
  if (phrase.length >= 2 && phrase.length <= 24) return phrase;
  return figureInWords(report, figure).before.replace(/^…/, '');
}

/**
 * The figure's own clause, split around it ("共受理法律援助案件" | 202件 | ""), so an answer can
 * say it in the report's words with the figure emphasised; each side at most 20 characters.
 */
export function figureInWords(report: Report, figure: Figure): { before: string; after: string } {
  const stops = (at: number) => CLAUSE_STOP.test(report.text[at] ?? '') || (report.text[at] === '、' && endsFigure(report, at));
  let start = figure.start;
  while (start > 0 && figure.start - start < MAX_SIDE && !stops(start - 1)) start--;
  let end = figure.end;
  while (end < report.text.length && end - figure.end < MAX_SIDE && !stops(end)) end++;
  const cutBefore = start > 0 && !stops(start - 1);
  const cutAfter = end < report.text.length && !stops(end);
  return {
    before: `${cutBefore ? '…' : ''}${report.text.slice(start, figure.start).replace(/^[、\s]+/, '').trim()}`,
    after: `${report.text.slice(figure.end, end).trim()}${cutAfter ? '…' : ''}`,
  };
}
