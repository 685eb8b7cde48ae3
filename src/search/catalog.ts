import { foldText } from '../ingest/normalize.js';
import type { Chunk, Figure, Report, ReportMeta } from '../ingest/types.js';
import { chunkIndexText, regionShortName, type SearchIndex } from '../index/search-index.js';
import { termStats, type TermStats } from './evidence.js';
import type { CoveredRegion, RegionDirectory } from '../question/regions.js';

/**
 * What a corpus covers and the look-ups search makes often: the regions and years (from the reports'
 * metadata alone, never the reports themselves) and how many passages hold a word.
 */
export interface Catalog extends RegionDirectory {
  readonly years: readonly number[];
  /** Passage counts of words, for weighing a question's words (cached per index). */
  readonly termStats: TermStats;
  /** A chunk's heading path, folded (computed on first use). */
  headingsOf(chunk: Chunk): string;
}

const figuresByReport = new WeakMap<Report, Map<string, Figure[]>>();

/** The figures of one chunk of a report (the table grouped once per report). */
export function chunkFigures(report: Report, chunkId: string): readonly Figure[] {
  let byChunk = figuresByReport.get(report);
  if (!byChunk) {
    byChunk = new Map();
    for (const figure of report.figures) byChunk.set(figure.chunkId, [...(byChunk.get(figure.chunkId) ?? []), figure]);
    figuresByReport.set(report, byChunk);
  }
  return byChunk.get(chunkId) ?? [];
}

const catalogs = new WeakMap<SearchIndex, Catalog>();

/** The catalogue of an index, computed once per index (a searcher is made per request). */
export function catalogOf(index: SearchIndex): Catalog {
  let catalog = catalogs.get(index);
  if (!catalog) {
    catalog = catalogFrom(
      index.reports.map((r) => r.meta),
      termStats(index.keywords, (doc) => chunkIndexText(index.chunks[doc]!.chunk)),
    );
    catalogs.set(index, catalog);
  }
  return catalog;
}

function regionEntry(name: string, metas: readonly ReportMeta[]): CoveredRegion {
  const first = metas[0]!;
  return {
    name,
    ...(first.city ? { city: first.city } : {}),
    ...(first.province ? { province: first.province } : {}),
    years: sortedUnique(metas.map((m) => m.year)),
    reportIds: metas.map((m) => m.id),
  };
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The catalogue of reports known by their metadata, with the passage counts of their store. */
export function catalogFrom(metas: readonly ReportMeta[], stats: TermStats): Catalog {
  const byRegion = new Map<string, ReportMeta[]>();
  for (const meta of metas) byRegion.set(meta.region, [...(byRegion.get(meta.region) ?? []), meta]);
  const names = new Map<string, string>();
  for (const [region, own] of byRegion) {
    // a report whose region is unknown names no region: its bureau (司法局) would match every question
    if (!region) continue;
    const keys = [region, regionShortName(region), ...own.map((m) => m.bureau).filter((b) => b.startsWith(region))];
    for (const key of keys) if (key) names.set(foldText(key), region);
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
    termStats: stats,
    headingsOf,
    regions: [...byRegion].filter(([name]) => name).map(([name, own]) => regionEntry(name, own)),
    years: sortedUnique(metas.map((m) => m.year)),
    names: [...names].sort(([a], [b]) => b.length - a.length),
  };
}
