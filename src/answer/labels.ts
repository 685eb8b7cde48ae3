import type { Figure, Report, ReportMeta } from '../ingest/types.js';
import { yearPeriod } from './render-text.js';

/** "阳山县司法局2024年全年报告" */
export function sourceName(meta: ReportMeta): string {
  return `${meta.bureau}${yearPeriod(meta)}报告`;
}

const CLAUSE_STOP = /[，,；;。：:、（()）\n！？!?]/;
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
  let start = figure.start;
  while (start > 0 && figure.start - start < MAX_SIDE && !CLAUSE_STOP.test(report.text[start - 1] ?? '')) start--;
  let end = figure.end;
  while (end < report.text.length && end - figure.end < MAX_SIDE && !CLAUSE_STOP.test(report.text[end] ?? '')) end++;
  const cutBefore = start > 0 && !CLAUSE_STOP.test(report.text[start - 1] ?? '');
  const cutAfter = end < report.text.length && !CLAUSE_STOP.test(report.text[end] ?? '');
  return {
    before: `${cutBefore ? '…' : ''}${report.text.slice(start, figure.start).trim()}`,
    after: `${report.text.slice(figure.end, end).trim()}${cutAfter ? '…' : ''}`,
  };
}
