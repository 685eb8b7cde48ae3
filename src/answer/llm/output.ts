/**
 * Reads a model's output into lines and sentences with their [n] markers, without judging
 * them: verification is the next step (verify.ts).
 */

export type OutputPiece = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'cite'; readonly n: number };

export interface OutputSentence {
  /** The sentence as the model wrote it, markers included (for logs). */
  readonly raw: string;
  readonly pieces: readonly OutputPiece[];
  /** The text pieces joined: the sentence without its markers. */
  readonly text: string;
  /** Passage numbers cited, in order, without repeats. */
  readonly cites: readonly number[];
}

/** A paragraph, one item of a list, or a heading. */
export type OutputLineKind = 'paragraph' | 'item' | 'heading';

export interface OutputLine {
  readonly kind: OutputLineKind;
  readonly sentences: readonly OutputSentence[];
}

/** [1], [1,2], [1、2], 【1】 */
const CITE_MARK = /[[【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]】]/g;
const CITE_MARK_AT = new RegExp(CITE_MARK.source, 'y');
const HEADING = /^#{1,6}\s+/;
const ITEM = /^(?:[-*•·]\s+|\d{1,2}(?:\.(?!\d)|[、)）])\s*|[(（]\d{1,2}[)）]\s*)/;
const TERMINATORS = new Set(['。', '！', '？', '!', '?']);
const QUOTE_OPENERS = new Set(['「', '『', '“']);
const QUOTE_CLOSERS = new Set(['」', '』', '”']);
const TRAILING_CLOSERS = new Set(['」', '』', '”', '）', ')']);

export function parseOutput(output: string): OutputLine[] {
  const lines: OutputLine[] = [];
  for (const rawLine of output.replace(/\*\*|__|`/g, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line) continue;
    const kind: OutputLineKind = HEADING.test(line) ? 'heading' : ITEM.test(line) ? 'item' : 'paragraph';
    const body = line.replace(kind === 'heading' ? HEADING : kind === 'item' ? ITEM : /^/, '');
    // A stray marker or punctuation alone says nothing and is not a sentence.
    const sentences = splitSentences(body)
      .map((s) => readSentence(s.trim()))
      .filter((s) => /[\p{L}\p{N}]/u.test(s.text));
    if (sentences.length > 0) lines.push({ kind, sentences });
  }
  return lines;
}

/** Splits after 。！？ outside quotes; markers and closing marks right after a terminator stay with its sentence. */
function splitSentences(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (QUOTE_OPENERS.has(ch)) depth++;
    else if (QUOTE_CLOSERS.has(ch)) depth = Math.max(0, depth - 1);
    i++;
    if (depth === 0 && (TERMINATORS.has(ch) || isFullStop(line, i - 1))) {
      i = afterTrailingMarks(line, i);
      out.push(line.slice(start, i));
      start = i;
    }
  }
  if (start < line.length) out.push(line.slice(start));
  return out.filter((s) => s.trim() !== '');
}

/** An English full stop: a '.' not inside a number (99.97) or a word (e.g). */
function isFullStop(line: string, at: number): boolean {
  return line[at] === '.' && !/[A-Za-z0-9]/.test(line[at + 1] ?? '');
}

function afterTrailingMarks(line: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    CITE_MARK_AT.lastIndex = i;
    const mark = CITE_MARK_AT.exec(line);
    if (mark) i += mark[0].length;
    else if (i < line.length && TRAILING_CLOSERS.has(line[i]!)) i++;
    else return i;
  }
}

function readSentence(raw: string): OutputSentence {
  const pieces: OutputPiece[] = [];
  const cites: number[] = [];
  let last = 0;
  for (const m of raw.matchAll(CITE_MARK)) {
    if (m.index > last) pieces.push({ kind: 'text', text: raw.slice(last, m.index) });
    for (const n of m[1]!.split(/[,，、]/).map((s) => Number(s.trim()))) {
      const previous = pieces[pieces.length - 1];
      if (!(previous?.kind === 'cite' && previous.n === n)) pieces.push({ kind: 'cite', n });
      if (!cites.includes(n)) cites.push(n);
    }
    last = m.index + m[0].length;
  }
  if (last < raw.length) pieces.push({ kind: 'text', text: raw.slice(last) });
  const text = pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  return { raw, pieces, text, cites };
}
