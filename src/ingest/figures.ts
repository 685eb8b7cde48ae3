import type { NumberToken } from './numbers.js';
import type { Chunk, Figure, Sentence, Span } from './types.js';

/** Figures of a report: numbers that measure something, with what they measure and where. */

const LEADING_FILLER = /^(?:(?:19|20)\d\d年度?|上半年|下半年|全年|今年以来|年初至今|年内|其中|此外|另外|同时|我局|我区|我县|我市|全区|全县|全市|共计|总计|累计|合计|共有|共|另|并|已|均|分别|先后|还|是|[,、(（\s])+/;
const TRAILING_FILLER = /(?:达到|达|为|共计|共|合计|累计|分别为|分别|是|有|\s)+$/;

/** A figure worth citing: it has a unit or a scale (a bare 12348 hotline number is not one). */
export function isMeasure(token: NumberToken): boolean {
  return token.kind === 'figure' && (token.unit !== '' || token.scale > 1);
}

function containing<T extends Span>(spans: readonly T[], pos: number): T | undefined {
  return spans.find((s) => s.start <= pos && pos < s.end);
}

/** The words before the figure in its clause, after the previous number, without fillers such as 共/累计/达. */
function phraseBefore(folded: string, clause: Span, figureStart: number, previousEnd: number): Span {
  let start = Math.max(clause.start, previousEnd);
  let end = figureStart;
  start += LEADING_FILLER.exec(folded.slice(start, end))?.[0].length ?? 0;
  end -= TRAILING_FILLER.exec(folded.slice(start, end))?.[0].length ?? 0;
  return { start, end: Math.max(start, end) };
}

/** When nothing stands before the figure (全县167个村), what it counts follows it: 村(居). */
function phraseAfter(folded: string, clause: Span, figureEnd: number): Span {
  const rest = folded.slice(figureEnd, clause.end);
  const length = Math.min(rest.search(/[的,、(（。;]|$/), 12);
  return { start: figureEnd, end: figureEnd + Math.max(0, length) };
}

function phraseSpan(folded: string, clause: Span, figure: Span, previousEnd: number): Span {
  const before = phraseBefore(folded, clause, figure.start, previousEnd);
  return before.end > before.start ? before : phraseAfter(folded, clause, figure.end);
}

/** Where the words after a number start: past the 年/月/日 of a year or date. */
function afterNumber(folded: string, token: NumberToken): number {
  const tail = token.kind === 'year' || token.kind === 'date' ? /^(?:年度?|月份?|日|号)/.exec(folded.slice(token.end)) : null;
  return token.end + (tail?.[0].length ?? 0);
}

function sentenceOf(chunk: Chunk, pos: number): Sentence | undefined {
  return containing(chunk.sentences, pos);
}

export function extractFigures(text: string, folded: string, chunks: readonly Chunk[], tokens: readonly NumberToken[]): Figure[] {
  const figures: Figure[] = [];
  let previousEnd = 0;
  for (const token of tokens) {
    const chunk = containing(chunks, token.start);
    const sentence = chunk && sentenceOf(chunk, token.start);
    if (!chunk || !sentence || !isMeasure(token)) {
      previousEnd = Math.max(previousEnd, afterNumber(folded, token));
      continue;
    }
    const clause = containing(sentence.clauses, token.start) ?? sentence;
    const phrase = phraseSpan(folded, clause, token, previousEnd);
    previousEnd = token.end;
    figures.push({
      reportId: chunk.reportId,
      chunkId: chunk.id,
      start: token.start,
      end: token.end,
      raw: token.raw,
      value: token.value,
      number: token.number,
      scale: token.scale,
      unit: token.unit,
      ...(token.approx ? { approx: token.approx } : {}),
      phrase: text.slice(phrase.start, phrase.end),
      sentence: { start: sentence.start, end: sentence.end },
    });
  }
  return figures;
}
