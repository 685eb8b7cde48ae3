import type { Report, Span } from '../../ingest/types.js';
import { citationOf } from '../report/citations.js';
import type { Passage } from './types.js';

/**
 * The passages a model is shown: each one whole sentences around a sentence chosen for it (what
 * the extractive answer cites, then what retrieval found), so the model sees the context of a
 * figure without the prompt growing with the reports. Overlapping passages of one report merge.
 */

/** A sentence (or quote) a passage is built around. */
export interface Focus {
  readonly report: Report;
  readonly span: Span;
}

export interface PassageBudget {
  /** Most passages in one prompt. */
  readonly passages: number;
  /** Most characters of passage text in one prompt. */
  readonly chars: number;
}

/** A question: a few passages, enough for a figure, its siblings and the sentences around them. */
export const QUESTION_BUDGET: PassageBudget = { passages: 8, chars: 3600 };
/** A summary or a comparison draws on a whole report or two. */
export const REPORT_BUDGET: PassageBudget = { passages: 16, chars: 7200 };
/** Neighbouring sentences are added while a passage stays this short. */
const PASSAGE_CHARS = 360;

function sentencesAround(report: Report, focus: Span): Span[] {
  const chunk = report.chunks.find((c) => c.start <= focus.start && focus.start < c.end) ?? report.chunks.find((c) => c.start < focus.end && focus.start < c.end);
  if (!chunk) return [focus];
  const inside = chunk.sentences.filter((s) => s.start < focus.end && focus.start < s.end);
  if (inside.length === 0) return [focus];
  let lo = chunk.sentences.indexOf(inside[0]!);
  let hi = chunk.sentences.indexOf(inside.at(-1)!);
  const width = (a: number, b: number) => chunk.sentences[b]!.end - chunk.sentences[a]!.start;
  for (let grew = true; grew; ) {
    grew = false;
    if (hi + 1 < chunk.sentences.length && width(lo, hi + 1) <= PASSAGE_CHARS) {
      hi++;
      grew = true;
    }
    if (lo > 0 && width(lo - 1, hi) <= PASSAGE_CHARS) {
      lo--;
      grew = true;
    }
  }
  return chunk.sentences.slice(lo, hi + 1);
}

/** Whole sentences around `focus`, from the start of the first to the end of the last. */
function passageSpan(report: Report, focus: Span): Span {
  const sentences = sentencesAround(report, focus);
  return { start: Math.min(sentences[0]!.start, focus.start), end: Math.max(sentences.at(-1)!.end, focus.end) };
}

/** Numbered passages for the foci, in their order, within the budget. */
export function passagesFor(foci: readonly Focus[], budget: PassageBudget): Passage[] {
  const built: { report: Report; span: Span; focus: Span }[] = [];
  let chars = 0;
  for (const focus of foci) {
    const span = passageSpan(focus.report, focus.span);
    const overlapping = built.find((p) => p.report === focus.report && p.span.start <= span.end && span.start <= p.span.end);
    if (overlapping) {
      const merged = { start: Math.min(overlapping.span.start, span.start), end: Math.max(overlapping.span.end, span.end) };
      chars += merged.end - merged.start - (overlapping.span.end - overlapping.span.start);
      overlapping.span = merged;
      continue;
    }
    const length = span.end - span.start;
    if (built.length >= budget.passages || (built.length > 0 && chars + length > budget.chars)) continue;
    built.push({ report: focus.report, span, focus: focus.span });
    chars += length;
  }
  return built.map(({ report, span, focus }, i) => ({
    n: i + 1,
    report,
    span,
    text: report.text.slice(span.start, span.end),
    citation: citationOf(report, focus, i + 1),
  }));
}
