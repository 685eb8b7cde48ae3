import type { Report } from '../ingest/types.js';
import type { Searcher } from '../search/searcher.js';
import type { SearchHit } from '../search/types.js';
import { foldForMatch } from './question.js';

/** Passages retrieved for each report when reports are set side by side: the same budget for each. */
const REPORT_BUDGET = 6;

/** Searches one report alone, so every report side by side gets the same budget. */
export async function reportHits(searcher: Searcher, question: string, report: Report): Promise<SearchHit[]> {
  const result = await searcher.search({ question, filters: { regions: [report.meta.region], reportIds: [report.meta.id] }, limit: REPORT_BUDGET });
  return result.hits.filter((h) => h.report.meta.id === report.meta.id);
}

/** The topic and its synonyms, folded: 法援 → 法援, 法律援助. */
export function topicWords(searcher: Searcher, topic: string): string[] {
  const parsed = searcher.parseQuery(topic);
  return [...new Set([foldForMatch(topic), ...parsed.terms, ...parsed.expandedTerms].map(foldForMatch))];
}
