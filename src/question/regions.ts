import { findRegionMentions, lookupRegion, type RegionInfo } from '../ingest/gazetteer.js';
import { foldText } from '../ingest/normalize.js';
import type { RegionRef } from './types.js';

/**
 * The places a question names, in any form (阳山, 阳山县, 阳山县司法局, 梁平區), first against the
 * reports' own regions, then against the gazetteer of all Chinese divisions. A city or province
 * stands for the indexed regions inside it; a county of the same name elsewhere (深圳市龙华区 when the
 * report is 海口市龙华区's) or a town named like a county (阳山镇) is not the indexed region.
 */

/** A region some report covers, with the years reported. */
export interface CoveredRegion {
  readonly name: string;
  readonly city?: string;
  readonly province?: string;
  readonly years: readonly number[];
  readonly reportIds: readonly string[];
}

/** What the reports cover, by region, and the names a question may use for each. */
export interface RegionDirectory {
  readonly regions: readonly CoveredRegion[];
  /** Folded names (region, short name, bureau) → region name, longest first. */
  readonly names: readonly (readonly [string, string])[];
}

/** A region named in a text, with where it stands. */
export interface LocatedRegion extends RegionRef {
  readonly start: number;
  readonly end: number;
}

/** Words after a name that make it a smaller place (阳山镇, 梁平路), not the region. */
const SMALLER_PLACE = /^(?:镇|乡|村|街道|街|路|大道|社区|小区|湖|山|河|江)/;

/** The division a covered region is in the gazetteer, when its name alone says (阳山县 → 清远市 …). */
function parentsOf(region: CoveredRegion): string[] {
  return [region.city, region.province].filter((p): p is string => !!p);
}

/** A city or province named right before `start` that is not the covered region's own: another place of that name. */
function foreignParent(mentions: readonly RegionInfo[], text: string, start: number, region: CoveredRegion): boolean {
  const before = foldText(text.slice(Math.max(0, start - 12), start));
  const named = mentions.filter((m) => before.endsWith(foldText(m.name)) || before.endsWith(m.shortName));
  const own = parentsOf(region);
  return named.length > 0 && !named.some((m) => own.includes(m.name));
}

function indexedMentions(text: string, folded: string, directory: RegionDirectory): LocatedRegion[] {
  const found: LocatedRegion[] = [];
  const taken = new Uint8Array(folded.length);
  const parents = findRegionMentions(text).filter((m) => m.level !== 'county');
  for (const [key, name] of directory.names) {
    for (let at = folded.indexOf(key); at >= 0; at = folded.indexOf(key, at + key.length)) {
      const end = at + key.length;
      if (taken.subarray(at, end).some((x) => x)) continue;
      const region = directory.regions.find((r) => r.name === name)!;
      if (SMALLER_PLACE.test(folded.slice(end)) || foreignParent(parents, text, at, region)) continue;
      taken.fill(1, at, end);
      found.push({ text: text.slice(at, end), name, regions: [name], own: true, start: at, end });
    }
  }
  return found;
}

/** Indexed regions inside a division: itself, or those whose city or province it is. */
export function regionsWithin(info: Pick<RegionInfo, 'name' | 'level'>, directory: RegionDirectory): string[] {
  return directory.regions
    .filter((r) => r.name === info.name || (info.level === 'city' && r.city === info.name) || (info.level === 'province' && r.province === info.name))
    .map((r) => r.name);
}

function gazetteerMentions(text: string, directory: RegionDirectory, taken: readonly LocatedRegion[]): LocatedRegion[] {
  const folded = foldText(text);
  const overlaps = (start: number, end: number) => taken.some((m) => start < m.end && m.start < end);
  const mentions = findRegionMentions(text).filter((m) => !overlaps(m.start, m.end) && !(m.level === 'county' && SMALLER_PLACE.test(folded.slice(m.end))));
  const children: readonly Pick<RegionInfo, 'name' | 'city' | 'province'>[] = [
    ...mentions,
    ...directory.regions.filter((r) => taken.some((t) => t.name === r.name)),
  ];
  // A parent named beside its child (广东省阳山县, 上海市浦东新区) only qualifies the child.
  const isParentOfAnother = (m: RegionInfo) => m.level !== 'county' && children.some((c) => c.name !== m.name && (c.city === m.name || c.province === m.name));
  return mentions
    .filter((m) => !isParentOfAnother(m))
    .map((m) => {
      const regions = m.level === 'county' ? directory.regions.filter((r) => r.name === m.name && (!r.city || r.city === m.city)).map((r) => r.name) : regionsWithin(m, directory);
      return { text: m.text, name: m.name, regions, own: regions.includes(m.name), start: m.start, end: m.end };
    });
}

/** The whole country: no report of a county bureau covers it. */
const NATION = /全国|我国|全中国/g;

function nationMentions(text: string, folded: string): LocatedRegion[] {
  return [...folded.matchAll(NATION)].map((m) => ({
    text: text.slice(m.index, m.index + m[0].length), name: '全国', regions: [], own: false, start: m.index, end: m.index + m[0].length,
  }));
}

/** Every place a question names, in order of appearance. */
export function findRegions(text: string, directory: RegionDirectory): LocatedRegion[] {
  const folded = foldText(text);
  const indexed = indexedMentions(text, folded, directory);
  return [...indexed, ...gazetteerMentions(text, directory, indexed), ...nationMentions(text, folded)].sort((a, b) => a.start - b.start);
}

const LEVEL_RANK: Readonly<Record<RegionInfo['level'], number>> = { province: 0, city: 1, county: 2 };

/** The one region a text names (a command's argument): the indexed one if any, else the most specific division. */
export function resolveRegion(text: string, directory: RegionDirectory): RegionRef | undefined {
  const mentions = findRegions(text, directory);
  const specificity = (m: RegionRef) => {
    const info = lookupRegion(m.name);
    return info ? LEVEL_RANK[info.level] : 0;
  };
  const best = mentions.find((m) => m.own) ?? mentions.find((m) => m.regions.length > 0) ?? [...mentions].sort((a, b) => specificity(b) - specificity(a))[0];
  if (best) return { text: best.text, name: best.name, regions: best.regions, own: best.own };
  const info = lookupRegion(text);
  if (!info) return undefined;
  const regions = regionsWithin(info, directory);
  return { text, name: info.name, regions, own: regions.includes(info.name) };
}

/** Words like 火星县司法局: something that reads as a place no gazetteer knows, standing on its own after a connector or at the start. */
const PLACE_AT = /(\p{Script=Han}{2,6}?(?:县|区|市|旗))(?=司法局|的|20\d\d|今年|去年|和|与|呢|$|[\s\p{P}])/uy;
const PLACE_START = /^|[\s和与跟同及、，,]|比较|对比/;
const NOT_A_NAME = /^(?:[全本我该各某市县区省那这哪])|[各每个几些多]|地区$|[一二两三四五六七八九十]/u;

/** A place-like name no gazetteer knows (火星县), not overlapping a known one. */
export function unknownPlaceIn(text: string, known: readonly LocatedRegion[]): string | undefined {
  const folded = foldText(text);
  for (let start = 0; start < folded.length; start++) {
    const before = folded.slice(Math.max(0, start - 2), start);
    if (start > 0 && !PLACE_START.test(before.slice(-1)) && !/比较|对比/.test(before)) continue;
    PLACE_AT.lastIndex = start;
    const name = PLACE_AT.exec(folded)?.[1];
    if (!name) continue;
    const end = start + name.length;
    if (NOT_A_NAME.test(name) || /[和与跟同及]/.test(name) || known.some((m) => start < m.end && m.start < end)) continue;
    return text.slice(start, end);
  }
  return undefined;
}
