import type { Passage } from './sections.js';
import { sentenceSpans, splitSentences } from './sentences.js';
import { trimSpan } from './spans.js';
import type { Chunk, Span } from './types.js';

/** Passages become chunks; a long passage is cut at sentence ends into pieces of similar size. */

export const MAX_CHUNK_CHARS = 400;

/** Cuts [start, end) at sentence ends into about equal pieces no longer than the limit where possible. */
function pieces(text: string, span: Span, inside: (pos: number) => boolean): Span[] {
  const length = span.end - span.start;
  if (length <= MAX_CHUNK_CHARS) return [span];
  const target = length / Math.ceil(length / MAX_CHUNK_CHARS);
  const out: Span[] = [];
  let from = span.start;
  for (const s of sentenceSpans(text, span.start, span.end)) {
    if (s.end - from >= target && s.end < span.end && !inside(s.end)) {
      out.push({ start: from, end: s.end });
      from = s.end;
    }
  }
  out.push({ start: from, end: span.end });
  return out.map((p) => trimSpan(text, p.start, p.end)).filter((p) => p.end > p.start);
}

/**
 * @param insideFigure tells whether a cut at this offset would fall inside a figure.
 */
export function makeChunks(
  reportId: string,
  text: string,
  folded: string,
  passages: readonly Passage[],
  insideFigure: (pos: number) => boolean,
): Chunk[] {
  const chunks: Chunk[] = [];
  for (const passage of passages) {
    for (const piece of pieces(text, passage, insideFigure)) {
      chunks.push({
        id: `${reportId}#${chunks.length}`,
        reportId,
        start: piece.start,
        end: piece.end,
        sectionPath: passage.path,
        role: passage.role,
        text: text.slice(piece.start, piece.end),
        folded: folded.slice(piece.start, piece.end),
        sentences: splitSentences(text, piece.start, piece.end),
      });
    }
  }
  return chunks;
}
