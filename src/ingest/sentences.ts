import { trimSpan } from './spans.js';
import type { Sentence, Span } from './types.js';

/** Sentences (split at 。！？； and line ends) and their clauses (split at ，；：), as offsets into the text. */

const SENTENCE_END = /[。！？；!?;]/;
const CLOSERS = /[”’」』)）】》"']/;
const CLAUSE_BREAK = /[，,；;：:]/;

function trimmed(text: string, start: number, end: number): Span | undefined {
  const span = trimSpan(text, start, end);
  return span.end > span.start ? span : undefined;
}

/** A comma between digits (1,234) is part of a number, not a clause break. */
function isClauseBreak(text: string, i: number): boolean {
  const ch = text[i]!;
  if (!CLAUSE_BREAK.test(ch)) return false;
  return !(ch === ',' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? ''));
}

export function clausesOf(text: string, sentence: Span): Span[] {
  const out: Span[] = [];
  let from = sentence.start;
  for (let i = sentence.start; i <= sentence.end; i++) {
    if (i < sentence.end && !isClauseBreak(text, i)) continue;
    const clause = trimmed(text, from, i);
    if (clause && /[\p{L}\p{N}]/u.test(text.slice(clause.start, clause.end))) out.push(clause);
    from = i + 1;
  }
  return out;
}

/** Sentence spans inside [start, end): each keeps its closing punctuation and quotes. */
export function sentenceSpans(text: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    const ch = text[i]!;
    if (ch !== '\n' && !SENTENCE_END.test(ch)) continue;
    let stop = i + 1;
    while (ch !== '\n' && stop < end && CLOSERS.test(text[stop]!)) stop++;
    const s = trimmed(text, from, stop);
    if (s) out.push(s);
    from = stop;
    i = stop - 1;
  }
  const last = trimmed(text, from, end);
  if (last) out.push(last);
  return out.filter((s) => /[\p{L}\p{N}]/u.test(text.slice(s.start, s.end)));
}

export function splitSentences(text: string, start: number, end: number): Sentence[] {
  return sentenceSpans(text, start, end).map((s) => ({ ...s, clauses: clausesOf(text, s) }));
}
