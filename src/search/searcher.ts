import type { Report } from '../ingest/types.js';
import type { SearchIndex } from '../index/search-index.js';
import { catalogOf, type Catalog } from './catalog.js';
import { understandQuery, type UnderstoodQuery } from './query.js';
import { rankChunks } from './rank.js';
import { resolveRegionIn } from './regions.js';
import type { OutOfScope, ParsedQuery, RegionMention, SearchFilters, SearchRequest, SearchResult } from './types.js';

const DEFAULT_LIMIT = 8;

/** Searches one index; cheap to make (one per request from `library.index`). */
export class Searcher {
  private readonly catalog: Catalog;

  constructor(private readonly index: SearchIndex) {
    this.catalog = catalogOf(index);
  }

  parseQuery(question: string): ParsedQuery {
    return publicQuery(understandQuery(question, this.catalog));
  }

  /** 阳山 / 梁平區 / 阳山县司法局 → the covered region, or the gazetteer's with covered=false. */
  resolveRegion(text: string): RegionMention | undefined {
    return resolveRegionIn(text, this.catalog);
  }

  /** What the reports cover, for telling a user what can be asked. */
  coverage(): { regions: string[]; years: number[] } {
    return { regions: this.catalog.regions.map((r) => r.name), years: [...this.catalog.years] };
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const understood = understandQuery(req.question, this.catalog);
    const query = publicQuery(understood);
    const scope = this.scopeOf(understood, req.filters ?? {});
    if ('outOfScope' in scope) return { query, filters: scope.filters, hits: [], outOfScope: scope.outOfScope };
    const allowed = scope.reports.length === this.index.reports.length ? undefined : this.positionMask(scope.reports);
    const rank = (roles: SearchFilters['roles']) =>
      rankChunks(this.index, this.catalog, understood, { ...(allowed ? { allowed } : {}), ...(roles ? { roles } : {}), limit: req.limit ?? DEFAULT_LIMIT });
    // A question about problems or plans keeps to those sections when they answer it.
    const askedRole = !scope.filters.roles && understood.role ? await rank([understood.role]) : [];
    const hits = askedRole.length ? askedRole : await rank(scope.filters.roles);
    return { query, filters: scope.filters, hits };
  }

  /**
   * The reports a question may draw on: the regions and years it names (or, when it names none,
   * those of the caller's filters), as hard filters; or why none qualifies.
   */
  private scopeOf(query: UnderstoodQuery, given: SearchFilters): { filters: SearchFilters; reports: readonly Report[] } | { filters: SearchFilters; outOfScope: OutOfScope } {
    const covered = [...new Set(query.mentions.flatMap((m) => m.regions))];
    const uncovered = query.mentions.filter((m) => !m.covered).map((m) => m.name);
    const regions = covered.length ? covered : this.knownRegions(given.regions ?? []);
    const years = query.years.length ? [...query.years] : this.relativeYears(query, regions) ?? [...(given.years ?? [])];
    const filters: SearchFilters = {
      ...given,
      ...(regions.length ? { regions } : { regions: undefined }),
      ...(years.length ? { years } : { years: undefined }),
    };
    if (!covered.length && uncovered.length) return { filters, outOfScope: { reason: 'uncovered-region', regions: [...new Set(uncovered)] } };
    if (!query.mentions.length && given.regions?.length && !regions.length) {
      return { filters, outOfScope: { reason: 'uncovered-region', regions: [...given.regions] } };
    }
    if (!query.mentions.length && query.unknownRegion) return { filters, outOfScope: { reason: 'unknown-region', text: query.unknownRegion } };
    const inRegion = this.index.reports.filter((r) => !regions.length || regions.includes(r.meta.region));
    const reports = inRegion.filter(
      (r) =>
        (!years.length || years.includes(r.meta.year)) &&
        (!given.periods?.length || given.periods.includes(r.meta.period)) &&
        (!given.reportIds?.length || given.reportIds.includes(r.meta.id)),
    );
    if (years.length && !inRegion.some((r) => years.includes(r.meta.year))) {
      return { filters, outOfScope: { reason: 'uncovered-year', years } };
    }
    return { filters, reports };
  }

  /** Admits the chunks of these reports. */
  private positionMask(reports: readonly Report[]): (position: number) => boolean {
    const mask = new Uint8Array(this.index.chunks.length);
    for (const r of reports) for (const p of this.catalog.positionsByReport.get(r.meta.id) ?? []) mask[p] = 1;
    return (position) => mask[position] === 1;
  }

  /** Region names of the caller's filters in the index's own spelling (阳山 → 阳山县). */
  private knownRegions(names: readonly string[]): string[] {
    return names.flatMap((name) => {
      const mention = this.resolveRegion(name);
      return mention?.covered ? this.catalog.regions.filter((r) => r.name === mention.name || r.city === mention.name || r.province === mention.name).map((r) => r.name) : [];
    });
  }

  /**
   * 今年 / 去年 / 前年 count back from the current year; when no report in scope covers that year
   * the question is taken to mean the latest report in scope.
   */
  private relativeYears(query: UnderstoodQuery, regions: readonly string[]): number[] | undefined {
    if (query.yearsBack === undefined) return undefined;
    const year = new Date().getFullYear() - query.yearsBack;
    const inScope = this.index.reports.filter((r) => !regions.length || regions.includes(r.meta.region));
    if (inScope.some((r) => r.meta.year === year)) return [year];
    const latest = Math.max(...inScope.map((r) => r.meta.year));
    return Number.isFinite(latest) ? [latest] : undefined;
  }
}

function publicQuery(q: UnderstoodQuery): ParsedQuery {
  const { mentions: _m, unknownRegion: _u, yearsBack: _y, contentBigrams: _b, ...query } = q;
  return query;
}
