import type { Span } from '../../ingest/types.js';

/** Longest quote the answer layer shows (the evaluation's limit too). */
export const MAX_QUOTE = 300;

const SENTENCE_END = /[。！？!?\n]/;
const CLAUSE_END = /[。！？!?\n，,；;：:]/;

function boundsAround(text: string, offset: number, stop: RegExp, limit: Span): Span {
  let start = offset;
  while (start > limit.start && !stop.test(text[start - 1] ?? '')) start--;
  let end = offset;
  while (end < limit.end && !stop.test(text[end] ?? '')) end++;
  if (end < limit.end && /[。！？!?；;]/.test(text[end] ?? '')) end++;
  return { start, end };
}

/** Drops white space and stray delimiters at both ends, keeping offsets into the same text. */
export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /[\s，,；;：:、]/.test(text[start] ?? '')) start++;
  while (end > start && /[\s，,：:、]/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

/** The sentence around `offset`. */
export function sentenceAt(text: string, offset: number): Span {
  return trimSpan(text, boundsAround(text, offset, SENTENCE_END, { start: 0, end: text.length }));
}

/** Every sentence of `span`, in order. */
export function sentencesIn(text: string, span: Span): Span[] {
  return pieces(text, span, SENTENCE_END);
}

/** Splits `span` after each delimiter matched by `stop` (the delimiter stays with its piece). */
function pieces(text: string, span: Span, stop: RegExp): Span[] {
  const out: Span[] = [];
  let start = span.start;
  for (let i = span.start; i <= span.end; i++) {
    if (i === span.end || stop.test(text[i] ?? '')) {
      const piece = trimSpan(text, { start, end: Math.min(i + 1, span.end) });
      if (piece.end > piece.start && /[^\s\p{P}]/u.test(text.slice(piece.start, piece.end))) out.push(piece);
      start = i + 1;
    }
  }
  return out;
}

/** Cuts `span` to at most MAX_QUOTE characters, keeping `focus` inside and cutting at clause ends. */
export function clip(text: string, span: Span, focus: Span = span): Span {
  if (span.end - span.start <= MAX_QUOTE) return span;
  const clauses = pieces(text, span, CLAUSE_END);
  const first = Math.max(0, clauses.findIndex((c) => c.end > focus.start));
  let lo = first;
  let hi = first;
  const width = () => (clauses[hi]?.end ?? span.end) - (clauses[lo]?.start ?? span.start);
  while (hi + 1 < clauses.length && (clauses[hi + 1]?.end ?? 0) - (clauses[lo]?.start ?? 0) <= MAX_QUOTE) hi++;
  while (lo > 0 && (clauses[hi]?.end ?? 0) - (clauses[lo - 1]?.start ?? 0) <= MAX_QUOTE) lo--;
  if (width() > MAX_QUOTE) {
    const start = Math.max(span.start, Math.min(focus.start, span.end - MAX_QUOTE));
    return { start, end: Math.min(span.end, start + MAX_QUOTE) };
  }
  return trimSpan(text, { start: clauses[lo]?.start ?? span.start, end: clauses[hi]?.end ?? span.end });
}
