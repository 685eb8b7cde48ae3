import type { Figure, Report } from '../../ingest/types.js';
import type { NumberToken } from '../../ingest/numbers.js';
import { parseQuestion } from '../../question/parse.js';
import type { SearchHit } from '../../search/types.js';
import { rankFigures, type FigureCandidate } from '../figures/choose.js';
import { OK, type Check } from './grounding.js';
import type { Grounds, Passage } from './types.js';

/**
 * What a number of a model's sentence counts. A number that stands in a cited passage is bound to
 * the figure-table entry it claims to be: the sentence's own words for it (受理法律援助案件 before
 * 202件) are scored against every figure of the cited passages the way a question's words are, and
 * a sibling that those words fit clearly better says the number was passed off as something else
 * (147件 of 法律帮助 given as 受理法律援助案件). A number no passage holds stands only as arithmetic
 * on numbers the same sentence states and the passages hold (a sum, a difference, a rate, a ratio).
 */

/** A number of the sentence with the words that say what it counts. */
export interface ClaimedNumber {
  readonly token: NumberToken;
  /** The sentence's words for it: its clause before it, after the previous number (and after it, in English). */
  readonly words: string;
}

/** How much better a sibling's score must be before the number is taken as passed off. */
const SIBLING_MARGIN = 0.05;
const CLAUSE_BREAK = /[，,；;。：:！？!?\n]/;

export function claimedNumbers(text: string, tokens: readonly NumberToken[], english: boolean): ClaimedNumber[] {
  return tokens.map((token, i) => {
    const previousEnd = i > 0 ? tokens[i - 1]!.end : 0;
    let start = token.start;
    while (start > previousEnd && !CLAUSE_BREAK.test(text[start - 1]!)) start--;
    let end = token.end;
    const nextStart = tokens[i + 1]?.start ?? text.length;
    while (end < nextStart && !CLAUSE_BREAK.test(text[end]!)) end++;
    const before = text.slice(start, token.start);
    const after = text.slice(token.end, end);
    // Chinese names a thing before its number; English after it ("202 legal aid cases")
    const words = english || !/[\p{L}]/u.test(before) ? `${before} ${after}` : before;
    return { token, words: words.trim() };
  });
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Units agree when one is missing or generic (个), or one extends the other (人 ~ 人次). */
export function unitsAgree(a: string, b: string): boolean {
  if (!a || !b || a === '个' || b === '个') return true;
  return a.startsWith(b) || b.startsWith(a);
}

const inside = (p: Passage, f: Figure) => f.reportId === p.report.meta.id && f.start >= p.span.start && f.end <= p.span.end;

/** The cited passages as search hits over the chunks they stand in, for the figure scorer. */
function hitsOf(cited: readonly Passage[]): SearchHit[] {
  return cited.flatMap((p) =>
    p.report.chunks
      .filter((c) => c.start < p.span.end && p.span.start < c.end)
      .map((chunk): SearchHit => ({ chunk, report: p.report, score: 0, coverage: 0, stages: {}, bestSentence: p.span })),
  );
}

function figuresOf(report: Report, cited: readonly Passage[]): Figure[] {
  return report.figures.filter((f) => cited.some((p) => inside(p, f)));
}

/** Whether the number is the figure its words claim, among the figures of the cited passages. */
export function bindFigure(claim: ClaimedNumber, cited: readonly Passage[], grounds: Grounds): Check {
  const { token } = claim;
  const reports = [...new Set(cited.map((p) => p.report))];
  const same = reports.flatMap((r) => figuresOf(r, cited)).filter((f) => sameValue(f.value, token.value) && unitsAgree(f.unit, token.unit));
  if (same.length === 0) return OK;
  const { measure } = parseQuestion(claim.words, { directory: grounds.catalog });
  if (!measure.asks.some((a) => a.essential)) return OK;
  const asks = grounds.retriever.weigh(measure.asks);
  const ranked = rankFigures(hitsOf(cited), measure, asks, grounds.catalog).filter((c) => cited.some((p) => inside(p, c.figure)));
  const claimed = ranked.find((c) => same.includes(c.figure));
  if (!claimed) return OK;
  const rival = ranked.find((c) => !sameValue(c.figure.value, token.value) && c.figure.family === claimed.figure.family);
  if (!rival || claimed.score >= rival.score - SIBLING_MARGIN) return OK;
  return { ok: false, reason: passedOff(token, claim.words, claimed, rival) };
}

function passedOff(token: NumberToken, words: string, claimed: FigureCandidate, rival: FigureCandidate): string {
  return `${token.raw} counts「${claimed.figure.phrase}」, not 「${words}」 (that reads as ${rival.figure.raw} 「${rival.figure.phrase}」)`;
}

/** Decimal places a number is written with: the precision its arithmetic must meet. */
function tolerance(token: NumberToken): number {
  const decimals = /\.(\d+)/.exec(String(token.number))?.[1]?.length ?? 0;
  const written = 0.5 * 10 ** -decimals * token.scale;
  return token.approx ? Math.max(written, Math.abs(token.value) * 0.03) : written;
}

/** Values two or more stated numbers give: sums, differences, rates, changes and ratios. */
function arithmeticOf(operands: readonly NumberToken[], wantsPercent: boolean): number[] {
  const out: number[] = [];
  if (!wantsPercent && operands.length >= 2 && operands.every((o) => unitsAgree(o.unit, operands[0]!.unit))) {
    out.push(operands.reduce((s, o) => s + o.value, 0));
  }
  for (const a of operands) {
    for (const b of operands) {
      if (a === b || b.value === 0) continue;
      if (wantsPercent) out.push((a.value / b.value) * 100, ((a.value - b.value) / b.value) * 100);
      else out.push(a.value - b.value, a.value / b.value);
    }
  }
  return out;
}

/** A number no passage holds, stated as arithmetic on the sentence's other (verified) numbers. */
export function isComputed(token: NumberToken, operands: readonly NumberToken[]): boolean {
  const tol = tolerance(token);
  return arithmeticOf(operands, token.unit === '%').some((v) => Math.abs(v - token.value) <= tol);
}

/** A fraction (三分之二) stands as the ratio of two stated numbers, or a cited percentage, to within two points. */
const FRACTION_TOLERANCE = 0.02;

export function fractionHolds(value: number, operands: readonly NumberToken[], cited: readonly Passage[]): boolean {
  const ratios = operands.flatMap((a) => operands.filter((b) => b !== a && b.value !== 0).map((b) => a.value / b.value));
  const percents = cited.flatMap((p) => figuresOf(p.report, [p])).filter((f) => f.unit === '%').map((f) => f.value / 100);
  return [...ratios, ...percents].some((r) => Math.abs(r - value) <= FRACTION_TOLERANCE);
}
