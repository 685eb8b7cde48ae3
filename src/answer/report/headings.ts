import type { Report, Section, Span } from '../../ingest/types.js';
import { childSections, roleSections } from './passages.js';
import { trimSpan } from './spans.js';

/** A heading (or lead-in) as an item: the words to show and the span they quote. */
export interface HeadingItem {
  readonly text: string;
  readonly span: Span;
}

/** A heading or lead-in shown as an item is cut at its first full stop, and to this length. */
const MAX_ITEM = 60;
const LONG_HEADING = 30;
const MIN_CLAUSE = 6;
const NUMBERING = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+是)/;
/** "一是深学笃行更加扎实。" lead-ins of a section without subsections. */
const LEAD_IN = /[一二三四五六七八九十]+是([^。；;：:]{2,40})[。；;：:]/g;

/**
 * A heading without its numbering, cut at its first full stop, at its first clause when it runs
 * on into its paragraph, and to MAX_ITEM: "(一)坚持党建引领,提升队伍建设" → "坚持党建引领,提升队伍建设".
 */
export function headingItem(report: Report, heading: Span): HeadingItem {
  const raw = report.text.slice(heading.start, heading.end);
  const lead = raw.length - raw.trimStart().length;
  const start = heading.start + lead + (NUMBERING.exec(raw.slice(lead))?.[0].length ?? 0);
  const body = report.text.slice(start, heading.end);
  const stop = body.search(/[。；;]/);
  let cut = stop > 0 ? stop : body.length;
  const firstClause = body.slice(0, cut).search(/[，,]/);
  if (cut > LONG_HEADING && firstClause >= MIN_CLAUSE) cut = firstClause;
  const span = trimSpan(report.text, { start, end: start + Math.min(cut, MAX_ITEM) });
  const text = report.text.slice(span.start, span.end);
  return { text: cut > MAX_ITEM ? `${text}…` : text, span };
}

/** The "一是…" lead-ins of a section's own text, at most `limit`. */
export function leadIns(report: Report, section: Section, limit: number): HeadingItem[] {
  const body = report.text.slice(section.heading.end, section.span.end);
  return [...body.matchAll(LEAD_IN)].slice(0, limit).map((m) => {
    const start = section.heading.end + (m.index ?? 0) + m[0].length - (m[1] ?? '').length - 1;
    const span = { start, end: start + (m[1] ?? '').length };
    return { text: report.text.slice(span.start, span.end), span };
  });
}

/** The sections that say what was done: the children of a lone measures section, or every measures section. */
export function measureSections(report: Report): Section[] {
  const measures = roleSections(report, 'measures');
  const single = measures.length === 1 && measures[0] ? childSections(report, measures[0]) : [];
  return single.length > 0 ? single : measures;
}

/** What a measures section lists: its subsections' headings, else its lead-ins (none when it has neither). */
export function measureItems(report: Report, section: Section, limit: number): HeadingItem[] {
  const children = childSections(report, section).filter((c) => c.role !== 'problems' && c.role !== 'plans');
  if (children.length > 0) return children.slice(0, limit).map((c) => headingItem(report, c.heading));
  return leadIns(report, section, limit);
}
