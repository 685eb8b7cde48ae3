import type { SectionRole, Span } from '../ingest/types.js';
import type { WeightedTerm } from '../index/keyword-index.js';
import { bigrams, searchWords } from '../index/tokenizer.js';
import type { Ask } from '../question/types.js';
import type { Catalog } from './catalog.js';
import { askStrength, coverage, weighAsks, type TermStats, type WeightedAsk } from './evidence.js';
import type { IndexedPassage, PassageFilter, PassageIndex } from './passage-index.js';
import type { SearchHit } from './types.js';

/**
 * Retrieval as stages joined by rank fusion: a keyword stage (BM25 over jieba words and character
 * pairs, the question's words expanded through the thesaurus) and a vector stage (the index's
 * embedder: offline, thesaurus concepts and character n-grams), fused by reciprocal rank, then a
 * rerank on evidence (how much of the question a passage and its best sentence hold). Any stage can
 * be left out, so `npm run eval` shows what each contributes.
 */

export type StageName = 'keyword' | 'vector';

export interface RetrievalConfig {
  readonly stages: readonly StageName[];
  readonly rerank: boolean;
}

export const FULL_RETRIEVAL: RetrievalConfig = { stages: ['keyword', 'vector'], rerank: true };

export interface RetrievalRequest {
  readonly asks: readonly Ask[];
  /** Hard scope: only passages of these reports (all when absent). */
  readonly reportIds?: readonly string[];
  readonly roles?: readonly SectionRole[];
  /** The question asks for a figure: passages with one rank higher. */
  readonly wantsFigure?: boolean;
  /** The question asks what is planned: plans rank higher; otherwise they rank lower (targets are no results). */
  readonly wantsPlans?: boolean;
  readonly limit: number;
  /** Candidates each stage passes to fusion (default STAGE_DEPTH); more when many reports are searched side by side. */
  readonly depth?: number;
}

export interface Retriever {
  retrieve(request: RetrievalRequest): Promise<SearchHit[]>;
  /** The asks with their weights in this index (for answer code that matches figures and sentences). */
  weigh(asks: readonly Ask[]): WeightedAsk[];
}

/** Candidates each stage passes to fusion. */
const STAGE_DEPTH = 60;
/** Reciprocal rank fusion: score = Σ weight / (K + rank); keywords lead (official Chinese text is literal). */
const RRF_K = 60;
const STAGE_WEIGHT: Readonly<Record<StageName, number>> = { keyword: 1, vector: 0.6 };
/** Pair (bigram) terms weigh this share of whole words in the keyword query. */
const PAIR_WEIGHT = 0.3;
/** Rerank: fused rank, then the evidence a passage (with its headings) and its best sentence hold. */
const RERANK = { fused: 0.35, passage: 0.4, sentence: 0.25 } as const;

function keywordQuery(asks: readonly WeightedAsk[]): WeightedTerm[] {
  const weights = new Map<string, number>();
  const add = (term: string, w: number) => weights.set(term, Math.max(weights.get(term) ?? 0, w));
  for (const ask of asks) {
    for (const word of ask.words) {
      for (const token of searchWords(word)) add(token, ask.weight);
      for (const pair of bigrams(word)) add(pair, PAIR_WEIGHT * ask.weight);
    }
  }
  return [...weights].map(([term, weight]) => ({ term, weight }));
}

function ranked(scores: ReadonlyMap<number, number>, depth: number): number[] {
  return [...scores].sort((a, b) => b[1] - a[1]).slice(0, depth).map(([position]) => position);
}

/** A passage scored by the rerank, before its report is loaded. */
interface Ranked {
  readonly passage: IndexedPassage;
  readonly score: number;
  readonly coverage: number;
  readonly stages: Readonly<Record<string, number>>;
  readonly bestSentence: Span;
}

export class HybridRetriever implements Retriever {
  private readonly stats: TermStats;

  constructor(
    private readonly index: PassageIndex,
    private readonly catalog: Catalog,
    private readonly config: RetrievalConfig = FULL_RETRIEVAL,
  ) {
    this.stats = catalog.termStats;
  }

  weigh(asks: readonly Ask[]): WeightedAsk[] {
    return weighAsks(asks, this.stats);
  }

  async retrieve(request: RetrievalRequest): Promise<SearchHit[]> {
    const asks = this.weigh(request.asks).filter((a) => a.words.length > 0);
    if (asks.length === 0) return [];
    const filter: PassageFilter = {
      ...(request.reportIds ? { reportIds: new Set(request.reportIds) } : {}),
      ...(request.roles?.length ? { roles: new Set(request.roles) } : {}),
    };
    const depth = Math.max(STAGE_DEPTH, request.depth ?? 0);
    const lists = new Map<StageName, number[]>();
    for (const stage of this.config.stages) {
      const scores = stage === 'keyword' ? await this.index.keywordScores(keywordQuery(asks), filter, depth) : await this.index.vectorScores(asks.flatMap((a) => a.words).join(' '), filter, depth);
      lists.set(stage, ranked(scores, depth));
    }
    const fused = new Map<number, number>();
    for (const [stage, docs] of lists) {
      docs.forEach((doc, rank) => fused.set(doc, (fused.get(doc) ?? 0) + STAGE_WEIGHT[stage] / (RRF_K + rank + 1)));
    }
    const best = Math.max(0, ...fused.values()) || 1;
    const ranks = new Map<number, Record<string, number>>();
    for (const [stage, docs] of lists) docs.forEach((doc, rank) => ranks.set(doc, { ...ranks.get(doc), [stage]: rank + 1 }));
    const passages = await this.index.passages([...fused.keys()]);
    const scored = [...fused].flatMap(([doc, score]) => {
      const passage = passages.get(doc);
      return passage ? [this.rank(passage, score / best, asks, request, ranks.get(doc) ?? {})] : [];
    });
    const kept = scored.filter((r) => r.coverage > 0).sort((a, b) => b.score - a.score).slice(0, request.limit);
    const reports = await this.index.reports([...new Set(kept.map((r) => r.passage.chunk.reportId))]);
    return kept.flatMap(({ passage, score, coverage: held, stages, bestSentence }) => {
      const report = reports.get(passage.chunk.reportId);
      return report ? [{ chunk: passage.chunk, report, score, coverage: held, stages, bestSentence }] : [];
    });
  }

  private rank(passage: IndexedPassage, fused: number, asks: readonly WeightedAsk[], request: RetrievalRequest, stages: Readonly<Record<string, number>>): Ranked {
    const { chunk } = passage;
    const held = coverage(`${this.catalog.headingsOf(chunk)}\n${chunk.folded}`, asks);
    const sentence = bestSentence(passage, asks, request.wantsFigure ?? false);
    const figureBonus = request.wantsFigure ? (sentence.hasFigure ? 0.08 : -0.08) : 0;
    const planBonus = chunk.role === 'plans' ? (request.wantsPlans ? 0.1 : -0.1) : 0;
    const score = this.config.rerank ? RERANK.fused * fused + RERANK.passage * held + RERANK.sentence * sentence.coverage + figureBonus + planBonus : fused;
    return { passage, score, coverage: held, stages, bestSentence: sentence.span };
  }
}

/** The passage's sentence that holds most of the question (with a figure when one is asked for). */
function bestSentence(passage: IndexedPassage, asks: readonly WeightedAsk[], wantsFigure: boolean): { span: Span; coverage: number; hasFigure: boolean } {
  const { chunk, figures } = passage;
  let best = { span: { start: chunk.start, end: chunk.end }, coverage: 0, hasFigure: figures.length > 0 };
  let bestScore = -1;
  for (const s of chunk.sentences.length ? chunk.sentences : [chunk]) {
    const text = chunk.folded.slice(s.start - chunk.start, s.end - chunk.start);
    const held = coverage(text, asks);
    const hasFigure = figures.some((f) => f.start >= s.start && f.end <= s.end);
    const score = held + (wantsFigure && hasFigure ? 0.15 : 0) + (asks.some((a) => askStrength(text, a) > 0) ? 0 : -1);
    if (score > bestScore) {
      bestScore = score;
      best = { span: { start: s.start, end: s.end }, coverage: held, hasFigure };
    }
  }
  return best;
}
