import { findRegionMentions, lookupRegion, type RegionInfo } from '../ingest/gazetteer.js';
import { foldText } from '../ingest/normalize.js';
import type { RegionMention } from './types.js';
import type { Catalog } from './catalog.js';

/**
 * Finds the regions a text names, in any form (阳山, 阳山县, 阳山县司法局, 梁平區), first against the
 * index's own names, then against the gazetteer of all Chinese divisions. A city or province
 * covers the indexed regions inside it.
 */

/** A region mention with where it stands in the text and which indexed regions it stands for. */
export interface LocatedMention extends RegionMention {
  readonly start: number;
  readonly end: number;
  /** Indexed region names the mention covers (empty when uncovered). */
  readonly regions: readonly string[];
}

const LEVEL_RANK: Readonly<Record<RegionInfo['level'], number>> = { province: 0, city: 1, county: 2 };

function indexedMentions(text: string, folded: string, catalog: Catalog): LocatedMention[] {
  const found: LocatedMention[] = [];
  const taken = new Uint8Array(folded.length);
  for (const [key, region] of catalog.names) {
    for (let at = folded.indexOf(key); at >= 0; at = folded.indexOf(key, at + key.length)) {
      if (taken.subarray(at, at + key.length).some((x) => x)) continue;
      taken.fill(1, at, at + key.length);
      found.push({ text: text.slice(at, at + key.length), name: region, covered: true, start: at, end: at + key.length, regions: [region] });
    }
  }
  return found;
}

/** Indexed regions inside a division: itself, or those whose city or province it is. */
function regionsWithin(info: RegionInfo, catalog: Catalog): string[] {
  return catalog.regions
    .filter((r) => r.name === info.name || (info.level === 'city' && r.city === info.name) || (info.level === 'province' && r.province === info.name))
    .map((r) => r.name);
}

function gazetteerMentions(text: string, catalog: Catalog, taken: readonly LocatedMention[]): LocatedMention[] {
  const overlaps = (start: number, end: number) => taken.some((m) => start < m.end && m.start < end);
  const mentions = findRegionMentions(text).filter((m) => !overlaps(m.start, m.end));
  const children: readonly Pick<RegionInfo, 'name' | 'city' | 'province'>[] = [
    ...mentions,
    ...catalog.regions.filter((r) => taken.some((t) => t.name === r.name)),
  ];
  // A parent named beside its child (广东省阳山县, 上海市浦东新区) only qualifies the child.
  const isParentOfAnother = (m: RegionInfo) =>
    m.level !== 'county' && children.some((c) => c.name !== m.name && (c.city === m.name || c.province === m.name));
  return mentions
    .filter((m) => !isParentOfAnother(m))
    .map((m) => {
      const regions = regionsWithin(m, catalog);
      return { text: m.text, name: m.name, covered: regions.length > 0, start: m.start, end: m.end, regions };
    });
}

/** The whole country: no report of a county bureau covers it. */
const NATION = /全国|我国|全中国/g;

function nationMentions(text: string, folded: string): LocatedMention[] {
  return [...folded.matchAll(NATION)].map((m) => ({
    text: text.slice(m.index, m.index + m[0].length), name: '全国', covered: false, start: m.index, end: m.index + m[0].length, regions: [],
  }));
}

/** Every region a question names, in order of appearance. */
export function findMentions(text: string, catalog: Catalog): LocatedMention[] {
  const folded = foldText(text);
  const indexed = indexedMentions(text, folded, catalog);
  return [...indexed, ...gazetteerMentions(text, catalog, indexed), ...nationMentions(text, folded)].sort((a, b) => a.start - b.start);
}

/** The one region a text names: the indexed one if any, else the most specific division. */
export function resolveRegionIn(text: string, catalog: Catalog): RegionMention | undefined {
  const mentions = findMentions(text, catalog);
  const best = mentions.find((m) => m.covered) ?? [...mentions].sort((a, b) => specificity(b) - specificity(a))[0];
  if (best) return { text: best.text, name: best.name, covered: best.covered };
  const info = lookupRegion(text);
  if (!info) return undefined;
  const regions = regionsWithin(info, catalog);
  return { text, name: info.name, covered: regions.length > 0 };
}

function specificity(m: LocatedMention): number {
  const info = lookupRegion(m.name);
  return info ? LEVEL_RANK[info.level] : 0;
}

/** Words like 火星县司法局: something that reads as a bureau of a region no gazetteer knows. */
const BUREAU_OF = /(\p{Script=Han}{2,6}?(?:县|区|市|旗))司法局/u;
const NOT_A_NAME = /^(?:[全本我该各某市县区省])/u;

export function unknownRegionIn(text: string, known: readonly LocatedMention[]): string | undefined {
  const folded = foldText(text);
  const match = BUREAU_OF.exec(folded);
  if (!match || NOT_A_NAME.test(match[1]!)) return undefined;
  const start = match.index;
  const end = start + match[1]!.length;
  if (known.some((m) => start < m.end && m.start < end)) return undefined;
  return text.slice(start, end);
}
