import type { Chunk, Period, Report, SectionRole, Span } from '../ingest/types.js';

/** Hard filters applied before ranking: a hit outside them is never returned. */
export interface SearchFilters {
  /** Region names as the index knows them (ReportMeta.region), e.g. 阳山县. */
  readonly regions?: readonly string[];
  readonly years?: readonly number[];
  readonly periods?: readonly Period[];
  readonly roles?: readonly SectionRole[];
  readonly reportIds?: readonly string[];
}

/** A region named in a question, resolved against the gazetteer and the index. */
export interface RegionMention {
  /** As written in the question, e.g. 梁平區, 阳山. */
  readonly text: string;
  /** Canonical name, e.g. 梁平区 */
  readonly name: string;
  /** True when some indexed report covers it. */
  readonly covered: boolean;
}

export interface ParsedQuery {
  readonly text: string;
  /** Simplified, half-width. */
  readonly folded: string;
  readonly regions: readonly RegionMention[];
  readonly years: readonly number[];
  readonly period?: Period;
  /** Asks for a number: 多少/几/多大/比例/率 … */
  readonly wantsFigure: boolean;
  /** Asks about problems or plans rather than measures. */
  readonly role?: SectionRole;
  /** Content tokens after removing regions, years and question words. */
  readonly terms: readonly string[];
  /** `terms` plus synonym and abbreviation expansions. */
  readonly expandedTerms: readonly string[];
}

/** Why a question falls outside what the reports cover. */
export type OutOfScope =
  | { readonly reason: 'uncovered-region'; readonly regions: readonly string[] }
  | { readonly reason: 'unknown-region'; readonly text: string }
  | { readonly reason: 'uncovered-year'; readonly years: readonly number[] };

export interface SearchHit {
  readonly chunk: Chunk;
  readonly report: Report;
  /** Fused, reranked score; higher is better. */
  readonly score: number;
  readonly keywordScore: number;
  readonly vectorScore: number;
  /** The sentence of the chunk that best matches the query. */
  readonly bestSentence: Span;
}

export interface SearchResult {
  readonly query: ParsedQuery;
  readonly filters: SearchFilters;
  /** Best first; only hits above the relevance threshold. */
  readonly hits: readonly SearchHit[];
  readonly outOfScope?: OutOfScope;
}

export interface SearchRequest {
  readonly question: string;
  /** Explicit filters, merged with what the question names (the question wins for regions it names). */
  readonly filters?: SearchFilters;
  readonly limit?: number;
}
