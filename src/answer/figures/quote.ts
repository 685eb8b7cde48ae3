import { labelLength } from '../../ingest/figures.js';
import type { Figure, Report, Span } from '../../ingest/types.js';
import { type AnswerDraft, cite, strong, text } from '../compose/draft.js';
import { figureInWords } from '../compose/labels.js';
import { clip, sentenceAt, trimSpan } from '../report/spans.js';

/** Fewer content characters than this before a figure do not say what it measures ("共开展21期"). */
const MIN_LABEL = 4;
/** At most this many earlier clauses are added to give a figure its label. */
const MAX_EXTRA_CLAUSES = 2;
/** At most this many later clauses are added to reach the bracket a part of a whole stands in. */
const MAX_BRACKET_CLAUSES = 4;
const OPENERS = '(（“《「【';
const CLOSERS = ')）”》」】';

/** The sentence and clause spans holding `offset`, from the report's chunking. */
function clausesAround(report: Report, offset: number): { sentence: Span; clauses: readonly Span[] } | undefined {
  const chunk = report.chunks.find((c) => c.start <= offset && offset < c.end);
  const sentence = chunk?.sentences.find((s) => s.start <= offset && offset < s.end);
  return sentence ? { sentence, clauses: sentence.clauses } : undefined;
}

/** Whether the quote's words besides the figure say what it measures; a part ("其中…") also needs its whole. */
function labelled(report: Report, quote: Span, figure: Figure): boolean {
  const before = report.folded.slice(quote.start, figure.start);
  const part = /(?:^|[，,；;：:])其中[^，,；;：:]*$/.test(before);
  return !part && labelLength(before + report.folded.slice(figure.end, quote.end)) >= MIN_LABEL;
}

/** Whether `text` opens more brackets or quotation marks than it closes. */
function unclosed(text: string): boolean {
  let depth = 0;
  for (const ch of text) depth += OPENERS.includes(ch) ? 1 : CLOSERS.includes(ch) ? -1 : 0;
  return depth > 0;
}

/** Cuts a bracket or quotation mark left open (the clause split fell inside it), keeping `keep` inside. */
function balanced(text: string, span: Span, keep: Span): Span {
  let { start, end } = span;
  const open: number[] = [];
  for (let i = start; i < end; i++) {
    const ch = text[i] ?? '';
    if (OPENERS.includes(ch)) open.push(i);
    else if (CLOSERS.includes(ch)) {
      if (open.length > 0) open.pop();
      else if (i < keep.start) start = i + 1;
      else if (i >= keep.end) end = i;
    }
  }
  for (const at of open.reverse()) {
    if (at >= keep.end) end = Math.min(end, at);
    else if (at < keep.start) start = Math.max(start, at + 1);
  }
  return trimSpan(text, { start, end });
}

/**
 * The shortest quote that holds a figure and says what it measures: its clause (with the words it
 * was named by), plus earlier clauses of its sentence while the label is too thin; never over MAX_QUOTE.
 */
export function figureQuote(report: Report, figure: Figure): Span {
  const around = clausesAround(report, figure.start);
  if (!around) return clip(report.text, sentenceAt(report.text, figure.start), figure);
  const { clauses, sentence } = around;
  const at = clauses.findIndex((c) => c.start <= figure.start && figure.start < c.end);
  let first = Math.max(0, at);
  let last = Math.max(first, clauses.findIndex((c) => c.end >= figure.end));
  const start = () => clauses[first]?.start ?? sentence.start;
  const span = () => balanced(report.text, { start: start(), end: clauses[last]?.end ?? sentence.end }, figure);
  while (first > 0 && at - first < MAX_EXTRA_CLAUSES && !labelled(report, span(), figure)) first--;
  // a part in brackets ("680宗（其中刑事案件558宗，…）") keeps its whole: the quote runs on to the closing bracket
  const lastAllowed = Math.min(clauses.length - 1, last + MAX_BRACKET_CLAUSES);
  while (last < lastAllowed && unclosed(report.text.slice(start(), figure.start)) && !labelled(report, span(), figure)) last++;
  return clip(report.text, span(), figure);
}

/** "…：共受理法律援助案件 **202件**[1]。" and the quote that holds the figure. */
export function sayFigure(draft: AnswerDraft, report: Report, figure: Figure, prefix: string): void {
  const span = figureQuote(report, figure);
  const words = figureInWords(report, figure);
  draft.paragraph(text(`${prefix}${words.before}`), strong(figure.raw), text(words.after), cite(draft.cite(report, span)), text('。'));
  draft.quote(report, span);
}
