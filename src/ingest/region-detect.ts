import { findRegionMentionsFolded, type RegionInfo, type RegionMentionSpan } from './gazetteer.js';
import type { Span } from './types.js';

/**
 * Which region a report is about: every region the text names gets a score by where and how
 * it is named (title, signature, "<name>司法局", body), how well it fits the report's way of
 * naming itself (我县/全区/市委 …) and whether its city or province is named too. A county-level
 * region that is clearly named wins over the higher-level ones around it (重庆市, 宁波大市).
 */

export interface RegionEvidence {
  readonly folded: string;
  /** Title and signature lines: a name there nearly settles it. */
  readonly prominent: readonly Span[];
}

const WEIGHT = { mention: 1, prominent: 10, bureau: 6, suffix: 3, parentMention: 1, parentCap: 3 } as const;
const MIN_SCORE = 4;
const FAIR_SHARE = 0.4;
const LEVEL_RANK: Readonly<Record<RegionInfo['level'], number>> = { county: 0, city: 1, province: 2 };

/** 县, 区 or 市: how the report speaks of its own area (我县, 全区, 市委, 县司法局 …), undefined when unclear. */
export function selfReferenceSuffix(folded: string): string | undefined {
  const counts = new Map<string, number>();
  for (const m of folded.matchAll(/(?:我|全|本)([县区市])|([县区市])(?:委|政府|司法局|人大|政协)/g)) {
    const suffix = (m[1] ?? m[2])!;
    counts.set(suffix, (counts.get(suffix) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  return best && (!second || best[1] >= 1.5 * second[1]) ? best[0] : undefined;
}

function inside(spans: readonly Span[], pos: number): boolean {
  return spans.some((s) => s.start <= pos && pos < s.end);
}

const BUREAU_AFTER = /^[县区市]?[\p{Script=Han}]{1,6}?局/u;

function mentionScore(m: RegionMentionSpan, evidence: RegionEvidence): number {
  let score = WEIGHT.mention;
  if (inside(evidence.prominent, m.start)) score += WEIGHT.prominent;
  if (BUREAU_AFTER.test(evidence.folded.slice(m.end, m.end + 8))) score += WEIGHT.bureau;
  return score;
}

interface Candidate {
  region: RegionInfo;
  /** From how the region itself is named. */
  own: number;
  /** Plus the support of its city and province being named. */
  total: number;
}

function scoreCandidates(mentions: readonly RegionMentionSpan[], evidence: RegionEvidence): Candidate[] {
  const byCode = new Map<string, Candidate>();
  const mentionCount = new Map<string, number>();
  for (const m of mentions) {
    const { start: _s, end: _e, text: _t, ...region } = m;
    const key = region.code ?? region.name;
    const c = byCode.get(key) ?? { region, own: 0, total: 0 };
    c.own += mentionScore(m, evidence);
    byCode.set(key, c);
    mentionCount.set(region.name, (mentionCount.get(region.name) ?? 0) + 1);
  }
  const suffix = selfReferenceSuffix(evidence.folded);
  for (const c of byCode.values()) {
    if (suffix && c.region.level !== 'province' && c.region.name.endsWith(suffix)) c.own += WEIGHT.suffix;
    const parents = [c.region.city, c.region.province].filter((p): p is string => !!p && p !== c.region.name);
    const parentMentions = parents.reduce((n, p) => n + (mentionCount.get(p) ?? 0), 0);
    c.total = c.own + Math.min(WEIGHT.parentCap, parentMentions * WEIGHT.parentMention);
  }
  return [...byCode.values()];
}

/**
 * The region the report is about: the most specific level whose best candidate still scores a fair
 * share of the overall best (a city's report that names one of its counties stays the city's).
 */
export function detectRegion(evidence: RegionEvidence): RegionInfo | undefined {
  const candidates = scoreCandidates(findRegionMentionsFolded(evidence.folded, evidence.folded), evidence).filter((c) => c.own >= MIN_SCORE);
  const best = Math.max(0, ...candidates.map((c) => c.total));
  const strong = candidates.filter((c) => c.total >= best * FAIR_SHARE);
  strong.sort(
    (a, b) => LEVEL_RANK[a.region.level] - LEVEL_RANK[b.region.level] || b.total - a.total || (a.region.code ?? '').localeCompare(b.region.code ?? ''),
  );
  return strong[0]?.region;
}
