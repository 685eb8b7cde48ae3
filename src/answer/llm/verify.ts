import { foldText } from '../../ingest/normalize.js';
import { findNumbers, type NumberToken } from '../../ingest/numbers.js';
import type { Span } from '../../ingest/types.js';
import { isEnglish } from '../../lexicon/english-words.js';
import { sentenceAt } from '../report/spans.js';
import { citationOf } from '../report/citations.js';
import { bindFigure, claimedNumbers, fractionHolds, isComputed, unitsAgree } from './claims.js';
import { checkNegation, checkPeriod, checkPlaces, isRefusal, OK, squash, type Check } from './grounding.js';
import { numericText, type NumericText } from './numerals.js';
import { parseOutput, type OutputLine, type OutputPiece, type OutputSentence } from './output.js';
import type { Grounds, Passage } from './types.js';

/**
 * Deterministic checks of a model's output against the passages it was shown. A sentence stays only
 * if it cites passages that exist, every quote in it stands verbatim in one of them, every number in
 * it — in whatever notation — is a figure of them and counts what the sentence says it counts (or
 * is arithmetic on such figures), and it names no place, part of a year or denial they do not bear
 * out. Kept citations are renumbered 1..k in order of first use and quote the sentence drawn on.
 */

export interface DroppedSentence {
  readonly sentence: string;
  readonly reason: string;
}

export interface VerifiedOutput {
  /** Kept lines; their cite pieces carry the new numbers. */
  readonly lines: readonly OutputLine[];
  /** Passages used, in order of first use: `used[i]` is cited as i + 1, its citation on the sentence drawn on. */
  readonly used: readonly Passage[];
  readonly dropped: readonly DroppedSentence[];
  /** Kept sentences that claim something (not refusals, not headings). */
  readonly claims: number;
  /** Sentences saying the passages do not answer. */
  readonly refusals: number;
}

/** Where in a cited passage a sentence's quote or figure stands (an offset into the report). */
interface Evidence {
  readonly n: number;
  readonly at: number;
}

type SentenceCheck = Check & { readonly refusal?: boolean; readonly evidence?: readonly Evidence[] };

interface CheckedPassage {
  readonly passage: Passage;
  readonly folded: string;
  /** Folded, without white space, for quotes the model rewrapped. */
  readonly squashed: string;
  /** Its section headings, which are report text a model may quote too. */
  readonly headings: string;
  readonly numbers: readonly NumberToken[];
}

const QUOTED = /「([^」]*)」|『([^』]*)』|“([^”]*)”|"([^"]*)"/g;

/** A verifier over one prompt's passages; it remembers each sentence's verdict (a stream re-reads its start). */
export function createVerifier(passages: readonly Passage[], grounds: Grounds, question = ''): (output: string) => VerifiedOutput {
  const byNumber = new Map(passages.map((p) => [p.n, checkedPassage(p)]));
  const premises = findNumbers(numericText(question).text).filter((t) => t.kind === 'figure');
  const verdicts = new Map<string, SentenceCheck>();
  const judge = (sentence: OutputSentence, heading: boolean): SentenceCheck => {
    const key = `${heading ? 'h' : 's'}${sentence.raw}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = checkSentence(sentence, heading, byNumber, grounds, premises);
      verdicts.set(key, verdict);
    }
    return verdict;
  };
  return (output) => {
    const dropped: DroppedSentence[] = [];
    const kept: { line: OutputLine; evidence: Evidence[] }[] = [];
    let claims = 0;
    let refusals = 0;
    for (const line of parseOutput(output)) {
      const evidence: Evidence[] = [];
      const sentences = line.sentences.filter((sentence) => {
        const verdict = judge(sentence, line.kind === 'heading' && sentence.cites.length === 0);
        if (!verdict.ok) {
          dropped.push({ sentence: sentence.raw, reason: verdict.reason });
          return false;
        }
        if (verdict.refusal) refusals++;
        else if (line.kind !== 'heading') claims++;
        evidence.push(...(verdict.evidence ?? []));
        return true;
      });
      if (sentences.length > 0) kept.push({ line: { kind: line.kind, sentences }, evidence });
    }
    return { ...renumber(kept, byNumber), dropped, claims, refusals };
  };
}

export function verifyOutput(output: string, passages: readonly Passage[], grounds: Grounds, question = ''): VerifiedOutput {
  return createVerifier(passages, grounds, question)(output);
}

/** Whether a sentence states a figure (not only a year, date or ordinal), in any notation. */
export function hasFigure(text: string): boolean {
  const numeric = numericText(text);
  return numeric.fractions.length > 0 || findNumbers(numeric.text).some((t) => t.kind === 'figure');
}

function checkedPassage(passage: Passage): CheckedPassage {
  const folded = foldText(passage.text);
  const section = passage.report.sections.filter((s) => s.span.start <= passage.span.start && passage.span.start < s.span.end);
  return {
    passage,
    folded,
    squashed: squash(passage.text),
    headings: squash(section.map((s) => passage.report.text.slice(s.heading.start, s.heading.end)).join('')),
    numbers: findNumbers(passage.text),
  };
}

/** Numbers the question states (a premise to check): a sentence may repeat one only to deny it ("不是300件"). */
type Premises = readonly NumberToken[];

function checkSentence(sentence: OutputSentence, heading: boolean, passages: ReadonlyMap<number, CheckedPassage>, grounds: Grounds, premises: Premises): SentenceCheck {
  if (isRefusal(sentence.text) && !hasFigure(sentence.text.replace(QUOTED, ''))) return { ok: true, refusal: true };
  if (heading) return checkContent(sentence.text, [...passages.values()], grounds, premises);
  if (sentence.cites.length === 0) return { ok: false, reason: 'cites no passage' };
  const cited: CheckedPassage[] = [];
  for (const n of sentence.cites) {
    const passage = passages.get(n);
    if (!passage) return { ok: false, reason: `cites [${n}], which does not exist` };
    cited.push(passage);
  }
  return checkContent(sentence.text, cited, grounds, premises);
}

function checkContent(text: string, cited: readonly CheckedPassage[], grounds: Grounds, premises: Premises): SentenceCheck {
  const evidence: Evidence[] = [];
  for (const quote of quotesOf(text)) {
    const found = findQuote(quote, cited);
    if (found === 'absent') return { ok: false, reason: `quote not in cited passages: ${quote}` };
    if (found) evidence.push(found);
  }
  const unquoted = text.replace(QUOTED, ' ');
  const passages = cited.map((c) => c.passage);
  const denied = withoutDeniedPremises(numericText(unquoted), premises);
  const numbers = checkNumbers(denied, cited, grounds, evidence);
  if (!numbers.ok) return numbers;
  for (const check of [checkNegation(denied.text, passages), checkPlaces(text, passages, grounds.catalog), checkPeriod(unquoted, passages)]) {
    if (!check.ok) return check;
  }
  return { ok: true, evidence };
}

function quotesOf(text: string): string[] {
  return [...text.matchAll(QUOTED)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').filter((q) => squash(q) !== '');
}

/** Where the quote stands in a cited passage; 'absent' when in none (headings count as report text). */
function findQuote(quote: string, cited: readonly CheckedPassage[]): Evidence | undefined | 'absent' {
  const folded = foldText(quote).trim();
  const squashed = squash(quote);
  for (const c of cited) {
    const at = c.folded.indexOf(folded);
    if (at >= 0) return { n: c.passage.n, at: c.passage.span.start + at };
  }
  return cited.some((c) => c.squashed.includes(squashed) || c.headings.includes(squashed)) ? undefined : 'absent';
}

/** 不是300件 / not 300: a denial of a number the question states. */
const DENIAL_BEFORE = /(?:不是|并非|而非|不到|没有|并不是|not|rather than|instead of)\s*$/i;

/** The sentence without the question's numbers it denies: those claim nothing about the reports. */
function withoutDeniedPremises(numeric: NumericText, premises: Premises): NumericText {
  let text = numeric.text;
  for (const token of findNumbers(numeric.text).filter((t) => t.kind === 'figure').reverse()) {
    const premise = premises.some((p) => Math.abs(p.value - token.value) < 1e-9 && unitsAgree(p.unit, token.unit));
    const lead = DENIAL_BEFORE.exec(numeric.text.slice(Math.max(0, token.start - 12), token.start));
    if (premise && lead) text = text.slice(0, token.start - lead[0].length) + text.slice(token.end);
  }
  return { ...numeric, text };
}

/** Kinds that make a claim; ordinals (第三) and list markers (1.) do not. */
const CHECKED_KINDS = new Set<NumberToken['kind']>(['figure', 'year', 'date']);

function checkNumbers(numeric: NumericText, cited: readonly CheckedPassage[], grounds: Grounds, evidence: Evidence[]): Check {
  const tokens = findNumbers(numeric.text).filter((t) => CHECKED_KINDS.has(t.kind));
  const passages = cited.map((c) => c.passage);
  const stated: NumberToken[] = [];
  const unstated: NumberToken[] = [];
  const claims = claimedNumbers(numeric.text, tokens.filter((t) => t.kind === 'figure'), isEnglish(numeric.text));
  for (const token of tokens) {
    const holder = cited.find((c) => passageHasNumber(c, token, numeric.text));
    if (!holder) {
      if (token.kind !== 'figure') return { ok: false, reason: `number not in cited passages: ${token.raw}` };
      unstated.push(token);
      continue;
    }
    if (token.kind !== 'figure') continue;
    const bound = bindFigure(claims.find((c) => c.token === token)!, passages, grounds);
    if (!bound.ok) return bound;
    stated.push(token);
    const at = holder.numbers.find((t) => t.kind === 'figure' && t.value === token.value);
    if (at) evidence.push({ n: holder.passage.n, at: holder.passage.span.start + at.start });
  }
  for (const token of unstated) {
    if (!isComputed(token, stated)) return { ok: false, reason: `number not in cited passages: ${token.raw}` };
  }
  for (const fraction of numeric.fractions) {
    if (!fractionHolds(fraction.value, stated, passages)) return { ok: false, reason: `fraction not borne out by cited figures: ${fraction.raw}` };
  }
  return OK;
}

function passageHasNumber(p: CheckedPassage, token: NumberToken, text: string): boolean {
  switch (token.kind) {
    case 'year':
      return token.value === p.passage.report.meta.year || p.numbers.some((t) => t.kind === 'year' && t.value === token.value);
    case 'date': {
      // a date token is the bare number; the character after it (月, 日, 号) says what it counts
      const key = dateKey(text, token);
      return p.numbers.some((t) => t.kind === 'date' && dateKey(p.passage.text, t) === key);
    }
    default:
      return p.numbers.some((t) => t.kind === 'figure' && Math.abs(t.value - token.value) <= 1e-9 * Math.max(1, Math.abs(t.value)) && unitsAgree(t.unit, token.unit));
  }
}

function dateKey(text: string, token: NumberToken): string {
  return `${token.value}${foldText(text.charAt(token.end))}`;
}

/** New numbers in order of first use; each used passage cites the sentence the output drew on first. */
function renumber(kept: readonly { line: OutputLine; evidence: readonly Evidence[] }[], passages: ReadonlyMap<number, CheckedPassage>): { lines: OutputLine[]; used: Passage[] } {
  const newNumber = new Map<number, number>();
  const used: Passage[] = [];
  const evidence = kept.flatMap((k) => k.evidence);
  const focus = (p: Passage): Span | undefined => {
    const at = evidence.find((e) => e.n === p.n)?.at;
    return at === undefined ? undefined : sentenceAt(p.report.text, at);
  };
  const renumberPiece = (piece: OutputPiece): OutputPiece => {
    if (piece.kind === 'text') return piece;
    let n = newNumber.get(piece.n);
    if (n === undefined) {
      const passage = passages.get(piece.n)!.passage;
      n = used.length + 1;
      const span = focus(passage);
      used.push({ ...passage, n, citation: span ? citationOf(passage.report, span, n) : { ...passage.citation, n } });
      newNumber.set(piece.n, n);
    }
    return { kind: 'cite', n };
  };
  const lines = kept.map(({ line }) => ({
    kind: line.kind,
    sentences: line.sentences.map((s) => {
      const pieces = s.pieces.map(renumberPiece);
      return { ...s, pieces, cites: s.cites.flatMap((n) => newNumber.get(n) ?? []) };
    }),
  }));
  return { lines, used };
}
