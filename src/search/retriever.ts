import type { SectionRole } from '../ingest/types.js';
import type { WeightedTerm } from '../index/keyword-index.js';
import type { SearchIndex } from '../index/search-index.js';
import { bigrams, searchWords } from '../index/tokenizer.js';
import type { Ask } from '../question/types.js';
import { chunkFigures, type Catalog } from './catalog.js';
import { askStrength, coverage, termStats, weighAsks, type TermStats, type WeightedAsk } from './evidence.js';
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

type Allowed = (position: number) => boolean;

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

export class HybridRetriever implements Retriever {
  private readonly stats: TermStats;

  constructor(
    private readonly index: SearchIndex,
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
    const allowed = this.allowed(request);
    const depth = Math.max(STAGE_DEPTH, request.depth ?? 0);
    const lists = new Map<StageName, number[]>();
    for (const stage of this.config.stages) lists.set(stage, ranked(stage === 'keyword' ? this.keywordStage(asks, allowed) : await this.vectorStage(asks, allowed, depth), depth));
    const fused = new Map<number, number>();
    for (const [stage, positions] of lists) {
      positions.forEach((position, rank) => fused.set(position, (fused.get(position) ?? 0) + STAGE_WEIGHT[stage] / (RRF_K + rank + 1)));
    }
    const best = Math.max(0, ...fused.values()) || 1;
    const ranks = new Map<number, Record<string, number>>();
    for (const [stage, positions] of lists) positions.forEach((position, rank) => ranks.set(position, { ...ranks.get(position), [stage]: rank + 1 }));
    const hits = [...fused].map(([position, score]) => this.hit(position, score / best, asks, request, ranks.get(position) ?? {}));
    const kept = hits.filter((h) => h.coverage > 0);
    return kept.sort((a, b) => b.score - a.score).slice(0, request.limit);
  }

  private allowed(request: RetrievalRequest): Allowed {
    const reports = request.reportIds ? new Set(request.reportIds) : undefined;
    const roles = request.roles?.length ? new Set(request.roles) : undefined;
    return (position) => {
      const { chunk } = this.index.chunks[position]!;
      return (!reports || reports.has(chunk.reportId)) && (!roles || roles.has(chunk.role));
    };
  }

  private keywordStage(asks: readonly WeightedAsk[], allowed: Allowed): Map<number, number> {
    return this.index.keywords.score(keywordQuery(asks), allowed);
  }

  private async vectorStage(asks: readonly WeightedAsk[], allowed: Allowed, depth: number): Promise<Map<number, number>> {
    const text = asks.flatMap((a) => a.words).join(' ');
    // a remote embedder that fails leaves the keyword stage to answer alone
    const vector = await this.index.embeddings.embedQuery(text).catch(() => undefined);
    if (!vector) return new Map();
    const admit = (m: { chunkId: string }) => {
      const position = this.index.chunkPositions.get(m.chunkId);
      return position !== undefined && allowed(position);
    };
    const results = await this.index.vectors.similaritySearchVectorWithScore(vector, depth, admit);
    const scores = new Map<number, number>();
    for (const [doc, similarity] of results) {
      const position = this.index.chunkPositions.get((doc.metadata as { chunkId: string }).chunkId);
      if (position !== undefined && similarity > 0) scores.set(position, similarity);
    }
    return scores;
  }

  private hit(position: number, fused: number, asks: readonly WeightedAsk[], request: RetrievalRequest, stages: Readonly<Record<string, number>>): SearchHit {
    const { chunk, report } = this.index.chunks[position]!;
    const passage = coverage(`${this.catalog.headingsOf(chunk)}\n${chunk.folded}`, asks);
    const sentence = this.bestSentence(position, asks, request.wantsFigure ?? false);
    const figureBonus = request.wantsFigure ? (sentence.hasFigure ? 0.08 : -0.08) : 0;
    const planBonus = chunk.role === 'plans' ? (request.wantsPlans ? 0.1 : -0.1) : 0;
    const score = this.config.rerank ? RERANK.fused * fused + RERANK.passage * passage + RERANK.sentence * sentence.coverage + figureBonus + planBonus : fused;
    return { chunk, report, score, coverage: passage, stages, bestSentence: sentence.span };
  }

  /** The chunk's sentence that holds most of the question (with a figure when one is asked for). */
  private bestSentence(position: number, asks: readonly WeightedAsk[], wantsFigure: boolean): { span: { start: number; end: number }; coverage: number; hasFigure: boolean } {
    const { chunk, report } = this.index.chunks[position]!;
    const figures = chunkFigures(report, chunk.id);
    let best = { span: { start: chunk.start, end: chunk.end }, coverage: 0, hasFigure: figures.length > 0 };
    let bestScore = -1;
    for (const s of chunk.sentences.length ? chunk.sentences : [chunk]) {
      const text = report.folded.slice(s.start, s.end);
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
}
