import type { Report, Section, Span } from '../../ingest/types.js';
import { clip } from './spans.js';
import type { Citation } from '../types.js';

/** The deepest section that holds `offset`, or undefined for text before the first heading. */
export function sectionAt(report: Report, offset: number): Section | undefined {
  let best: Section | undefined;
  for (const section of report.sections) {
    if (section.span.start <= offset && offset < section.span.end) {
      if (!best || section.path.length >= best.path.length) best = section;
    }
  }
  return best;
}

/** Section path as shown in a citation, e.g. `一、主要措施及成效 > (五)优化司法为民 > 4.` */
export function sectionLabel(report: Report, offset: number): string {
  const section = sectionAt(report, offset);
  return section && section.path.length > 0 ? section.path.join(' > ') : '正文';
}

function chunkIdAt(report: Report, offset: number): string {
  const chunk = report.chunks.find((c) => c.start <= offset && offset < c.end);
  return chunk?.id ?? `${report.meta.id}#0`;
}

/**
 * The one way to make a Citation: `asked` of `report` cut to MAX_QUOTE, so the quote is always
 * `report.text.slice(start, end)`, verbatim by construction.
 */
export function citationOf(report: Report, asked: Span, n: number): Citation {
  const span = clip(report.text, asked);
  const { meta } = report;
  return {
    n,
    reportId: meta.id,
    bureau: meta.bureau,
    region: meta.region,
    year: meta.year,
    period: meta.period,
    section: sectionLabel(report, span.start),
    quote: report.text.slice(span.start, span.end),
    start: span.start,
    end: span.end,
    chunkId: chunkIdAt(report, span.start),
  };
}

/** Numbers citations in the order an answer first uses them. */
export class CitationLedger {
  private readonly items: Citation[] = [];

  /** Cites `asked` of `report` (cut to MAX_QUOTE), reusing the number of an identical earlier citation. */
  cite(report: Report, asked: Span): number {
    const citation = citationOf(report, asked, this.items.length + 1);
    const existing = this.items.find((c) => c.reportId === citation.reportId && c.start === citation.start && c.end === citation.end);
    if (existing) return existing.n;
    this.items.push(citation);
    return citation.n;
  }

  get citations(): readonly Citation[] {
    return this.items;
  }
}
