import { foldText } from '../../ingest/normalize.js';
import { findNumbers, type NumberToken } from '../../ingest/numbers.js';
import { parseOutput, type OutputLine, type OutputPiece, type OutputSentence } from './output.js';
import type { Passage } from './types.js';

/**
 * Deterministic checks of a model's output against the passages it was given: a sentence stays
 * only if it cites existing passages, every quote in it stands verbatim in a cited passage, and
 * every number in it appears in a cited passage. Kept citations are renumbered 1..k in order of
 * first use.
 */

export interface DroppedSentence {
  readonly sentence: string;
  readonly reason: string;
}

export interface VerifiedOutput {
  /** Kept lines; their cite pieces carry the new numbers. */
  readonly lines: readonly OutputLine[];
  /** Passages used, in order of first use: `used[i]` is cited as i + 1. */
  readonly used: readonly Passage[];
  readonly dropped: readonly DroppedSentence[];
}

interface CheckedPassage {
  readonly passage: Passage;
  /** Folded text without white space, for quote matching. */
  readonly folded: string;
  readonly numbers: readonly NumberToken[];
}

type Check = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const QUOTED = /「([^」]*)」|『([^』]*)』|“([^”]*)”|"([^"]*)"/g;
/** Kinds that make a claim; ordinals (第三) and list markers (1.) do not. */
const CHECKED_KINDS = new Set<NumberToken['kind']>(['figure', 'year', 'date']);
/** The model's own words for "not in the passages"; quoting them claims nothing. */
const NOT_MENTIONED = '报告未提及';
/** A classifier that stands for any measure word (202个案件 ~ 202件). */
const GENERIC_UNIT = '个';

/**
 * Checks every sentence of the output and keeps those that pass. A heading without markers
 * cites nothing, but what it quotes or counts must still stand in some passage.
 */
export function verifyOutput(output: string, passages: readonly Passage[]): VerifiedOutput {
  const byNumber = new Map(passages.map((p) => [p.n, checkedPassage(p)]));
  const dropped: DroppedSentence[] = [];
  const kept: OutputLine[] = [];
  for (const line of parseOutput(output)) {
    const sentences = line.sentences.filter((sentence) => {
      const check =
        line.kind === 'heading' && sentence.cites.length === 0
          ? checkContent(sentence.text, [...byNumber.values()])
          : checkSentence(sentence, byNumber);
      if (!check.ok) dropped.push({ sentence: sentence.raw, reason: check.reason });
      return check.ok;
    });
    if (sentences.length > 0) kept.push({ kind: line.kind, sentences });
  }
  return { ...renumber(kept, byNumber), dropped };
}

/** Whether a sentence states a figure (not only a year, date or ordinal). */
export function hasFigure(text: string): boolean {
  return findNumbers(text).some((t) => t.kind === 'figure');
}

function checkedPassage(passage: Passage): CheckedPassage {
  return { passage, folded: squash(passage.text), numbers: findNumbers(passage.text) };
}

/** Folded (Simplified, half width) and without white space. */
function squash(text: string): string {
  return foldText(text).replace(/\s+/g, '');
}

function checkSentence(sentence: OutputSentence, passages: ReadonlyMap<number, CheckedPassage>): Check {
  if (sentence.cites.length === 0) return { ok: false, reason: 'cites no passage' };
  const cited: CheckedPassage[] = [];
  for (const n of sentence.cites) {
    const passage = passages.get(n);
    if (!passage) return { ok: false, reason: `cites [${n}], which does not exist` };
    cited.push(passage);
  }
  return checkContent(sentence.text, cited);
}

function checkContent(text: string, cited: readonly CheckedPassage[]): Check {
  for (const quote of quotesOf(text)) {
    const q = squash(quote);
    if (q && q !== NOT_MENTIONED && !cited.some((p) => p.folded.includes(q))) return { ok: false, reason: `quote not in cited passages: ${quote}` };
  }
  for (const token of findNumbers(text)) {
    if (!CHECKED_KINDS.has(token.kind)) continue;
    if (!cited.some((p) => passageHasNumber(p, token, text))) {
      return { ok: false, reason: `number not in cited passages: ${token.raw}` };
    }
  }
  return { ok: true };
}

function quotesOf(text: string): string[] {
  return [...text.matchAll(QUOTED)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
}

function passageHasNumber(p: CheckedPassage, token: NumberToken, text: string): boolean {
  switch (token.kind) {
    case 'year':
      return token.value === p.passage.citation.year || p.numbers.some((t) => t.kind === 'year' && t.value === token.value);
    case 'date': {
      // A date token is the bare number; the character after it (月, 日, 号) says what it counts.
      const key = dateKey(text, token);
      return p.numbers.some((t) => t.kind === 'date' && dateKey(p.passage.text, t) === key);
    }
    default:
      return p.numbers.some((t) => t.kind === 'figure' && sameValue(t.value, token.value) && unitsAgree(t.unit, token.unit));
  }
}

function dateKey(text: string, token: NumberToken): string {
  return `${token.value}${foldText(text.charAt(token.end))}`;
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Units agree when one is missing or generic, or one extends the other (人 ~ 人次). */
function unitsAgree(a: string, b: string): boolean {
  if (!a || !b || a === GENERIC_UNIT || b === GENERIC_UNIT) return true;
  return a.startsWith(b) || b.startsWith(a);
}

function renumber(
  lines: readonly OutputLine[],
  passages: ReadonlyMap<number, CheckedPassage>,
): { lines: OutputLine[]; used: Passage[] } {
  const newNumber = new Map<number, number>();
  const used: Passage[] = [];
  const renumberPiece = (piece: OutputPiece): OutputPiece => {
    if (piece.kind === 'text') return piece;
    let n = newNumber.get(piece.n);
    if (n === undefined) {
      used.push(passages.get(piece.n)!.passage);
      n = used.length;
      newNumber.set(piece.n, n);
    }
    return { kind: 'cite', n };
  };
  const renumbered = lines.map((line) => ({
    kind: line.kind,
    sentences: line.sentences.map((s) => {
      const pieces = s.pieces.map(renumberPiece);
      return { ...s, pieces, cites: s.cites.map((n) => newNumber.get(n)!) };
    }),
  }));
  return { lines: renumbered, used };
}
