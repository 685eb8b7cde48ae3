import type { Figure, Report } from '../../ingest/types.js';
import type { QualifierId, UnitFamily } from '../../lexicon/lexicon.js';
import type { Measure } from '../../question/types.js';
import { chunkFigures, type Catalog } from '../../search/catalog.js';
import { askStrength, coverage, type WeightedAsk } from '../../search/evidence.js';
import type { SearchHit } from '../../search/types.js';

/**
 * Choosing the figure a question asks for, from the figure table of the passages found: by what the
 * figure counts (the question's words in its own label first, then in the words its list shares,
 * its sentence, its headings), by its unit family (a question about people is answered with people),
 * and by its qualifiers (closed is not filed, a change is not a total, a target is no achievement).
 */

export interface FigureCandidate {
  readonly report: Report;
  readonly figure: Figure;
  /** Weighted share of the question the figure's words hold, nearer words counting more (0‥1). */
  readonly fit: number;
  /** The share its own label and subject hold. */
  readonly ownFit: number;
  /** How well its unit family answers the one asked (0‥1). */
  readonly family: number;
  /** How its qualifiers answer those asked (−1‥1). */
  readonly qualifier: number;
  readonly score: number;
  /** Weighted share of the essential asks none of its words hold. */
  readonly missing: number;
}

/** How near a word stands to the figure: its own label, the words after it in its clause, its list's subject, … its headings. */
const LAYER_WEIGHT = { own: 1, tail: 0.9, subject: 0.9, group: 0.75, sentence: 0.6, headings: 0.55, lead: 0.45 } as const;
type Layer = keyof typeof LAYER_WEIGHT;
const OWN_LAYERS: readonly Layer[] = ['own', 'tail', 'subject'];
/** The words a figure is told apart by from its neighbours: its own, and those of its group (its part of a breakdown). */
const NEAR_LAYERS: readonly Layer[] = ['own', 'tail', 'subject', 'group'];

/** Unit families that answer a question asking for another, and how well (people asked: person-times will do, less well). */
const FAMILY_FIT: Partial<Record<UnitFamily, Partial<Record<UnitFamily, number>>>> = {
  people: { people: 1, personTimes: 0.6 },
  personTimes: { personTimes: 1, people: 0.7, events: 0.2 },
  cases: { cases: 1, documents: 0.6, items: 0.4 },
  events: { events: 1, personTimes: 0.3, items: 0.3 },
  money: { money: 1 },
  percent: { percent: 1 },
  institutions: { institutions: 1, items: 0.5, documents: 0.3, objects: 0.5 },
  objects: { objects: 1, institutions: 0.5 },
  documents: { documents: 1, cases: 0.8, items: 0.5 },
  items: { items: 1, cases: 0.5, documents: 0.5, institutions: 0.5 },
  duration: { duration: 1 },
  quantity: { quantity: 1 },
};

function familyFit(asked: UnitFamily | undefined, figure: Figure): number {
  if (!asked) return figure.family === 'other' ? 0.4 : figure.family === 'percent' ? 0.5 : 0.7;
  return FAMILY_FIT[asked]?.[figure.family] ?? (asked === figure.family ? 1 : 0);
}

/** Qualifiers that exclude one another: a figure received is not one accepted, closed or settled. */
const OUTCOMES: readonly QualifierId[] = ['received', 'refused', 'filed', 'closed', 'success'];
const STOCKS: readonly QualifierId[] = ['onBooks', 'new', 'cumulative'];

function qualifierFit(asked: readonly QualifierId[], figure: Figure, namedPart: boolean): number {
  const has = (q: QualifierId) => figure.qualifiers.includes(q);
  let fit = 0;
  // a target is only ever the answer to a question about targets
  if (has('target') !== asked.includes('target')) fit -= asked.includes('target') ? 0.8 : 1;
  if (asked.includes('change')) fit += has('change') ? 0.6 : -0.8;
  else if (has('change')) fit -= 0.6;
  for (const group of [OUTCOMES, STOCKS]) {
    const wanted = asked.filter((q) => group.includes(q));
    if (wanted.length === 0) continue;
    // another qualifier of the group says the figure counts something else; none leaves it unsaid —
    // except for a rate, which is a rate of what its words say (调处率 is no success rate)
    fit += wanted.some(has) ? 0.5 : group.some(has) || figure.family === 'percent' ? -0.6 : -0.25;
  }
  // a total answers before its parts, unless the question asks a part ("X中Y") or names it (刑事 of 其中刑事案件558宗)
  if (asked.includes('part')) fit += has('part') ? 0.3 : -0.15;
  else if (!namedPart) fit += has('part') ? -0.15 : has('total') ? 0.1 : 0;
  return Math.max(-1, Math.min(1, fit));
}

/** Where a figure's group starts: after the last ； or the last bracket still open ("(其中行政检查…"), not one closed ("乡镇(街道)10件"). */
function groupStartIn(before: string): number {
  let start = 0;
  const open: number[] = [];
  for (let i = 0; i < before.length; i++) {
    const ch = before[i];
    if (ch === '(' || ch === '（') open.push(i);
    else if ((ch === ')' || ch === '）') && open.length > 0) open.pop();
    else if (ch === '；' || ch === ';') start = i + 1;
  }
  return Math.max(start, (open.at(-1) ?? -1) + 1);
}

/** The figure's words, layer by layer (folded). */
function layers(report: Report, figure: Figure, hit: SearchHit, catalog: Catalog): Record<Layer, string> {
  const { folded } = report;
  const slice = (s: { start: number; end: number } | undefined) => (s ? folded.slice(s.start, s.end) : '');
  const clauseEnd = folded.slice(figure.end, figure.sentence.end).search(/[，,；;。：:（(]/);
  const tail = folded.slice(figure.end, figure.end + (clauseEnd >= 0 ? Math.min(clauseEnd, 20) : 20));
  const before = folded.slice(figure.sentence.start, figure.start);
  const groupStart = groupStartIn(before);
  const lead = hit.chunk.sentences[0];
  return {
    own: slice(figure.label),
    tail,
    subject: slice(figure.subject),
    group: before.slice(groupStart),
    sentence: slice(figure.sentence),
    headings: catalog.headingsOf(hit.chunk),
    lead: slice(lead),
  };
}

/** Supporting asks (verbs, words carried over from an earlier question) add at most this to a figure's fit. */
const SUPPORTING_BONUS = 0.2;

interface Shares {
  readonly fit: number;
  readonly ownFit: number;
  readonly missing: number;
  /** The asks its own words (and its group's) hold. */
  readonly near: ReadonlySet<WeightedAsk>;
}

/**
 * How much of the question a figure's words hold: the essential asks decide (supporting ones only
 * add a little), nearer layers counting more. What is missing is weighed by squared rarity, so a
 * common word (政府, 群众) left out matters little beside a rare one.
 */
function shares(words: Record<Layer, string>, asks: readonly WeightedAsk[]): Shares {
  const essential = asks.filter((a) => a.ask.essential);
  const deciding = essential.length > 0 ? essential : asks;
  const total = deciding.reduce((s, a) => s + a.weight, 0) || 1;
  const squared = deciding.reduce((s, a) => s + a.weight ** 2, 0) || 1;
  let fit = 0;
  let ownFit = 0;
  let missing = 0;
  let supporting = 0;
  const supportingTotal = asks.filter((a) => !deciding.includes(a)).reduce((s, a) => s + a.weight, 0) || 1;
  const nearby = new Set<WeightedAsk>();
  for (const ask of asks) {
    let best = 0;
    let near = 0;
    for (const layer of Object.keys(LAYER_WEIGHT) as Layer[]) {
      const strength = askStrength(words[layer], ask) * LAYER_WEIGHT[layer];
      best = Math.max(best, strength);
      if (OWN_LAYERS.includes(layer)) near = Math.max(near, strength);
      if (NEAR_LAYERS.includes(layer) && strength > 0) nearby.add(ask);
    }
    if (!deciding.includes(ask)) {
      supporting += ask.weight * best;
      continue;
    }
    fit += ask.weight * best;
    ownFit += ask.weight * near;
    if (best === 0) missing += ask.weight ** 2;
  }
  const bonus = (SUPPORTING_BONUS * supporting) / supportingTotal;
  return { fit: Math.min(1, fit / total + bonus), ownFit: ownFit / total, missing: missing / squared, near: nearby };
}

/** Years, bare small numbers and list markers are no answer to "how many". */
function countsSomething(figure: Figure): boolean {
  if (figure.family === 'duration' && figure.unit === '年') return false;
  return figure.family !== 'other' || figure.value >= 10;
}

/**
 * Every figure of the passages found, scored for the measure asked. `asks` are the question's asks
 * as weighed by the retriever, those no report holds left out.
 */
export function rankFigures(hits: readonly SearchHit[], measure: Measure, asks: readonly WeightedAsk[], catalog: Catalog): FigureCandidate[] {
  const seen = new Set<Figure>();
  const scored: { hit: SearchHit; rank: number; figure: Figure; shares: Shares }[] = [];
  hits.forEach((hit, rank) => {
    for (const figure of chunkFigures(hit.report, hit.chunk.id)) {
      if (seen.has(figure) || !countsSomething(figure)) continue;
      seen.add(figure);
      scored.push({ hit, rank, figure, shares: shares(layers(hit.report, figure, hit, catalog), asks) });
    }
  });
  const total = asks.reduce((s, a) => s + a.weight, 0) || 1;
  const out = scored.map(({ hit, rank, figure, shares: sh }): FigureCandidate => {
    // among figures of one sentence competing for the same words of the question, what only this one's own words hold tells it apart (刑事 of 其中刑事案件558宗)
    const rivals = scored.filter(
      (o) => o.figure !== figure && o.figure.family === figure.family && o.figure.sentence.start === figure.sentence.start && o.hit.report === hit.report && [...o.shares.near].some((a) => sh.near.has(a)),
    );
    const distinct = rivals.length === 0 ? 0 : [...sh.near].filter((a) => !rivals.some((o) => o.shares.near.has(a))).reduce((s, a) => s + a.weight, 0) / total;
    const family = familyFit(measure.family, figure);
    const qualifier = qualifierFit(measure.qualifiers, figure, distinct > 0);
    const inBest = figure.start >= hit.bestSentence.start && figure.end <= hit.bestSentence.end ? 1 : 0;
    // a figure in the section about the question's topic (its headings name it) answers before one mentioned elsewhere
    const onTopic = coverage(catalog.headingsOf(hit.chunk), asks);
    const score = 0.4 * sh.fit + 0.25 * sh.ownFit + 0.15 * distinct + 0.2 * family + 0.15 * qualifier + 0.05 / (1 + rank) + 0.03 * inBest + 0.05 * onTopic;
    return { report: hit.report, figure, fit: sh.fit, ownFit: sh.ownFit, family, qualifier, score, missing: sh.missing };
  });
  return out.sort((a, b) => b.score - a.score);
}

/** Thresholds a figure must pass to be given as the answer, not only shown as the closest. */
const MIN_FIT = 0.55;
const MAX_MISSING = 0.3;
const MIN_QUALIFIER = -0.45;

/**
 * Whether the figure answers what was asked: what it counts, in a unit of the kind asked, qualified as
 * asked. A rate's own words must name something asked, or its qualifier must be the one asked (同比增长
 * for "涨了多少"): a 满意率 standing near 行政案件 is no share of them.
 */
export function answers(c: FigureCandidate): boolean {
  const rateOk = c.figure.family !== 'percent' || c.ownFit > 0 || c.qualifier > 0;
  return c.fit >= MIN_FIT && c.family > 0 && c.qualifier >= MIN_QUALIFIER && c.missing <= MAX_MISSING && rateOk;
}
