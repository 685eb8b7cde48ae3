import { foldText } from '../ingest/normalize.js';
import type { Chunk, Figure, Report } from '../ingest/types.js';
import { regionShortName, type SearchIndex } from '../index/search-index.js';

/** What the index covers, by region: the names a question may use for it and the years reported. */
export interface CoveredRegion {
  readonly name: string;
  readonly city?: string;
  readonly province?: string;
  readonly years: readonly number[];
  readonly reportIds: readonly string[];
}

export interface Catalog {
  readonly regions: readonly CoveredRegion[];
  readonly years: readonly number[];
  /** Folded names (region, short name, bureau) → region name, longest first. */
  readonly names: readonly (readonly [string, string])[];
  /** Chunk positions per report id, for filters. */
  readonly positionsByReport: ReadonlyMap<string, readonly number[]>;
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
    const keys = [region, regionShortName(region), ...reports.map((r) => r.meta.bureau)];
    for (const key of keys) if (key) names.set(foldText(key), region);
  }
  const positionsByReport = new Map<string, number[]>();
  index.chunks.forEach(({ report }, position) => {
    const list = positionsByReport.get(report.meta.id) ?? [];
    list.push(position);
    positionsByReport.set(report.meta.id, list);
  });
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
    headingsOf,
    figuresByChunk,
    regions: [...byRegion].map(([name, reports]) => regionEntry(name, reports)),
    years: sortedUnique(index.reports.map((r) => r.meta.year)),
    names: [...names].sort(([a], [b]) => b.length - a.length),
    positionsByReport,
  };
}
