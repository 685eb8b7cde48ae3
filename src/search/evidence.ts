import type { Chunk, Figure, Report, Span } from '../ingest/types.js';
import type { KeywordIndex } from '../index/keyword-index.js';
import { variantsOf } from './synonyms.js';

/**
 * How much of a question a passage answers: the share of the question's terms (weighted by how
 * rare they are) that the passage holds, in any of their synonyms; and the sentence holding most.
 */

export interface WeightedConcept {
  /** The term and its synonyms (folded). */
  readonly variants: readonly string[];
  readonly bigrams: readonly string[];
  readonly weight: number;
}

/** Partial matches below this share of a term's bigrams count for nothing. */
const MIN_BIGRAM_SHARE = 0.6;

function bigramsOf(term: string): string[] {
  const chars = [...term];
  return chars.length < 3 ? [] : chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
}

export function conceptsOf(terms: readonly string[], keywords: KeywordIndex): WeightedConcept[] {
  return terms.map((term) => ({ variants: variantsOf(term), bigrams: bigramsOf(term), weight: keywords.idf(term) }));
}

/** 1 when the text holds the term or a synonym; a share of its bigrams when most of them; else 0. */
function matchStrength(text: string, concept: WeightedConcept): number {
  if (concept.variants.some((v) => text.includes(v))) return 1;
  if (concept.bigrams.length === 0) return 0;
  const share = concept.bigrams.filter((b) => text.includes(b)).length / concept.bigrams.length;
  return share >= MIN_BIGRAM_SHARE ? share * 0.8 : 0;
}

/** Weighted share of the concepts the text holds, 0…1 (1 when there are none). */
export function coverage(text: string, concepts: readonly WeightedConcept[]): number {
  const total = concepts.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return 1;
  return concepts.reduce((sum, c) => sum + c.weight * matchStrength(text, c), 0) / total;
}

export interface SentenceChoice {
  readonly sentence: Span;
  readonly coverage: number;
  readonly hasFigure: boolean;
  /** A figure of the sentence whose phrase holds a question term. */
  readonly figureOnTopic: boolean;
}

function figuresIn(span: Span, figures: readonly Figure[]): Figure[] {
  return figures.filter((f) => f.start >= span.start && f.end <= span.end);
}

/** The chunk's sentence that holds most of the question (with a figure when one is asked for). */
export function bestSentence(
  chunk: Chunk,
  report: Report,
  concepts: readonly WeightedConcept[],
  wantsFigure: boolean,
  chunkFigures: readonly Figure[],
): SentenceChoice {
  const sentences: readonly Span[] = chunk.sentences.length ? chunk.sentences : [chunk];
  let best: SentenceChoice | undefined;
  let bestScore = -1;
  for (const sentence of sentences) {
    const text = report.folded.slice(sentence.start, sentence.end);
    const figures = figuresIn(sentence, chunkFigures);
    const choice: SentenceChoice = {
      sentence: { start: sentence.start, end: sentence.end },
      coverage: coverage(text, concepts),
      hasFigure: figures.length > 0,
      figureOnTopic: figures.some((f) => coverage(foldedPhrase(report, f), concepts) > 0),
    };
    const score = choice.coverage + (wantsFigure ? (choice.hasFigure ? 0.2 : 0) + (choice.figureOnTopic ? 0.2 : 0) : 0);
    if (score > bestScore) {
      best = choice;
      bestScore = score;
    }
  }
  return best!;
}

/** The figure's phrase in folded form: the folded text has the same offsets as the original. */
function foldedPhrase(report: Report, figure: Figure): string {
  const at = report.text.lastIndexOf(figure.phrase, figure.start);
  return at >= 0 ? report.folded.slice(at, at + figure.phrase.length) : figure.phrase;
}
