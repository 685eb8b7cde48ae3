import type { Figure, Report } from '../../ingest/types.js';
import type { Measure } from '../../question/types.js';
import { askStrength, type WeightedAsk } from '../../search/evidence.js';
import type { FigureCandidate } from './choose.js';

/**
 * A rate the report does not print but whose two terms it gives: "成功1152件" of "调处…1161件", "保留
 * 361件" of "清理…634件". The part is the figure whose own words hold what the question singles out;
 * the whole is an earlier figure of the same sentence and kind that is larger. Both are cited, the
 * formula is shown, and the result is marked as computed.
 */

export interface ComputedRate {
  readonly report: Report;
  readonly part: Figure;
  readonly whole: Figure;
  /** part ÷ whole × 100. */
  readonly percent: number;
}

/** Kinds of count that can stand over one another in a rate. */
const COUNTS = new Set(['cases', 'people', 'personTimes', 'events', 'institutions', 'documents', 'items', 'money']);
const MIN_PAIR_FIT = 0.6;

function ownWords(report: Report, figure: Figure): string {
  const clauseEnd = report.folded.slice(figure.end, figure.sentence.end).search(/[，,；;。：:（(]/);
  const tail = report.folded.slice(figure.end, figure.end + (clauseEnd >= 0 ? Math.min(clauseEnd, 20) : 20));
  const subject = figure.subject ? report.folded.slice(figure.subject.start, figure.subject.end) : '';
  return `${report.folded.slice(figure.label.start, figure.label.end)}|${tail}|${subject}`;
}

function held(text: string, asks: readonly WeightedAsk[]): Set<WeightedAsk> {
  return new Set(asks.filter((a) => askStrength(text, a) > 0));
}

function weightOf(asks: Iterable<WeightedAsk>): number {
  let sum = 0;
  for (const a of asks) sum += a.weight;
  return sum;
}

/** How well a part and a whole together answer the question's words, and how plainly one is part of the other. */
function pairScore(report: Report, part: Figure, whole: Figure, asks: readonly WeightedAsk[], measure: Measure): number {
  const total = weightOf(asks) || 1;
  const partOwn = held(ownWords(report, part), asks);
  const wholeOwn = held(ownWords(report, whole), asks);
  const sentence = held(report.folded.slice(part.sentence.start, part.sentence.end), asks);
  const union = weightOf(new Set([...partOwn, ...wholeOwn, ...sentence])) / total;
  if (union < MIN_PAIR_FIT) return 0;
  // the part's own words single out what the question asks a share of (保留, 通过, 家事类)
  const distinct = [...partOwn].some((a) => !wholeOwn.has(a)) ? 0.5 : 0;
  const outcome = measure.qualifiers.some((q) => q !== 'rate' && part.qualifiers.includes(q)) ? 0.4 : 0;
  const nested = part.qualifiers.includes('part') || part.subject !== undefined ? 0.3 : 0;
  const whole_ = whole.qualifiers.includes('total') ? 0.2 : 0;
  return union + distinct + outcome + nested + whole_;
}

/** The best part-and-whole pair among the candidates' figures (same report, same sentence); undefined when none fits. */
export function computeRate(candidates: readonly FigureCandidate[], measure: Measure, asks?: readonly WeightedAsk[]): ComputedRate | undefined {
  const weighed = asks ?? [];
  let best: { rate: ComputedRate; score: number } | undefined;
  for (const a of candidates) {
    const part = a.figure;
    if (!COUNTS.has(part.family)) continue;
    for (const b of candidates) {
      const whole = b.figure;
      if (b.report !== a.report || whole === part || whole.family !== part.family) continue;
      if (whole.sentence.start !== part.sentence.start || whole.start > part.start || whole.value <= part.value || whole.value === 0) continue;
      const score = pairScore(a.report, part, whole, weighed.length ? weighed : [], measure);
      if (score > 0 && (!best || score > best.score)) best = { rate: { report: a.report, part, whole, percent: (100 * part.value) / whole.value }, score };
    }
  }
  return best?.rate;
}

/** A computed percentage as shown: one decimal (99.2%). */
export function formatPercent(percent: number): string {
  return `${percent.toFixed(1)}%`;
}
