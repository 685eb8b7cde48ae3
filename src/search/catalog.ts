import { foldText } from '../ingest/normalize.js';
import type { Chunk, Figure, Report } from '../ingest/types.js';
import { chunkIndexText, regionShortName, type SearchIndex } from '../index/search-index.js';
import { termStats, type TermStats } from './evidence.js';
import type { CoveredRegion, RegionDirectory } from '../question/regions.js';

/** What an index covers and the look-ups search makes often, computed once per index. */
export interface Catalog extends RegionDirectory {
  readonly years: readonly number[];
  /** Passage counts of words, for weighing a question's words (cached per index). */
  readonly termStats: TermStats;
  readonly figuresByChunk: ReadonlyMap<string, readonly Figure[]>;
  /** A chunk's heading path, folded (computed on first use). */
  headingsOf(chunk: Chunk): string;
}

const catalogs = new WeakMap<SearchIndex, Catalog>();

/** The catalogue of an index, computed once per index (a searcher is made per request). */
export function catalogOf(index: SearchIndex): Catalog {
  let catalog = catalogs.get(index);
  if (!catalog) {
    catalog = buildCatalog(index);
    catalogs.set(index, catalog);
  }
  return catalog;
}

function regionEntry(name: string, reports: readonly Report[]): CoveredRegion {
  const first = reports[0]!.meta;
  return {
    name,
    ...(first.city ? { city: first.city } : {}),
    ...(first.province ? { province: first.province } : {}),
    years: sortedUnique(reports.map((r) => r.meta.year)),
    reportIds: reports.map((r) => r.meta.id),
  };
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function buildCatalog(index: SearchIndex): Catalog {
  const byRegion = new Map<string, Report[]>();
  for (const report of index.reports) {
    const list = byRegion.get(report.meta.region) ?? [];
    list.push(report);
    byRegion.set(report.meta.region, list);
  }
  const names = new Map<string, string>();
  for (const [region, reports] of byRegion) {
    // a report whose region is unknown names no region: its bureau (司法局) would match every question
    if (!region) continue;
    const keys = [region, regionShortName(region), ...reports.map((r) => r.meta.bureau).filter((b) => b.startsWith(region))];
    for (const key of keys) if (key) names.set(foldText(key), region);
  }
  const figuresByChunk = new Map<string, Figure[]>();
  for (const figure of index.reports.flatMap((r) => r.figures)) {
    const list = figuresByChunk.get(figure.chunkId) ?? [];
    list.push(figure);
    figuresByChunk.set(figure.chunkId, list);
  }
  const headings = new Map<string, string>();
  const headingsOf = (chunk: Chunk) => {
    let folded = headings.get(chunk.id);
    if (folded === undefined) {
      folded = foldText(chunk.sectionPath.join(' '));
      headings.set(chunk.id, folded);
    }
    return folded;
  };
  return {
    termStats: termStats(index.keywords, (doc) => chunkIndexText(index.chunks[doc]!.chunk)),
    headingsOf,
    figuresByChunk,
    regions: [...byRegion].filter(([name]) => name).map(([name, reports]) => regionEntry(name, reports)),
    years: sortedUnique(index.reports.map((r) => r.meta.year)),
    names: [...names].sort(([a], [b]) => b.length - a.length),
  };
}
