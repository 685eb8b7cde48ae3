import { labelLength } from '../../ingest/figures.js';
import type { Figure, Report } from '../../ingest/types.js';
import { conceptMentions, conceptName, isGeneric, isHeadline } from '../../lexicon/concepts.js';
import type { QualifierId, UnitFamily } from '../../lexicon/lexicon.js';

/**
 * What a figure counts, in terms two reports share: the thesaurus concepts of its own words and of
 * the words its list shares (法律援助案件), its unit family and the qualifiers that tell figures of one
 * subject apart (filed, closed, success, on the books, new). Two figures measure the same thing when
 * these agree — so 在册 people are never set against new arrivals, nor exam takers against a
 * campaign's audience.
 */

export interface MeasureKey {
  /** Concepts of the figure's own words and subject, the most specific (longest word) first. */
  readonly concepts: readonly string[];
  readonly family: UnitFamily;
  /** The qualifiers that change what is counted (closed, success, on the books, new, a change, a rate, a target). */
  readonly kind: readonly QualifierId[];
}

/** Cases received, accepted or handled are one volume of work; closed or settled ones, stocks, and parts of a total are not the same count. */
const KIND_QUALIFIERS: readonly QualifierId[] = ['part', 'closed', 'success', 'onBooks', 'new', 'change', 'rate', 'target'];

/** Cases written 件, 宗 or 起 and documents counted 件 are one kind of count here. */
function sharedFamily(family: UnitFamily): UnitFamily {
  return family === 'documents' ? 'cases' : family;
}

/** The figure's own words and subject, folded; when its label is thin and no list names it, the words right after it (在册195名社区矫正对象). */
export function figureWords(report: Report, figure: Figure): string {
  const own = report.folded.slice(figure.label.start, figure.label.end);
  const subject = figure.subject ? report.folded.slice(figure.subject.start, figure.subject.end) : '';
  const rest = report.folded.slice(figure.end, figure.sentence.end);
  const tail = !subject && labelLength(own) < 4 ? rest.slice(0, Math.max(0, rest.search(/[，,；;。：:（(]|$/))).slice(0, 12) : '';
  return `${subject}|${own}|${tail}`;
}

export function measureKey(report: Report, figure: Figure): MeasureKey {
  // what is measured leads (a headline measure, then the longest name); words for what any count is of (群众, 案件) say nothing
  const rank = (ids: readonly string[]) => (ids.some(isHeadline) ? 1 : 0);
  const mentions = conceptMentions(figureWords(report, figure)).sort((a, b) => rank(b.values) - rank(a.values) || b.phrase.length - a.phrase.length);
  return {
    concepts: [...new Set(mentions.flatMap((m) => m.values))].filter((c) => !isGeneric(c)),
    family: sharedFamily(figure.family),
    kind: KIND_QUALIFIERS.filter((q) => figure.qualifiers.includes(q)),
  };
}

/** How well two figures measure the same thing: 0 when they cannot be set side by side, up to 1. */
export function sameMeasure(a: MeasureKey, b: MeasureKey): number {
  if (a.family !== b.family || a.concepts.length === 0 || b.concepts.length === 0) return 0;
  if (a.kind.join() !== b.kind.join()) return 0;
  const shared = a.concepts.filter((c) => b.concepts.includes(c));
  if (shared.length === 0) return 0;
  const main = a.concepts[0] === b.concepts[0] ? 0.5 : 0;
  return main + (0.5 * shared.length) / Math.max(a.concepts.length, b.concepts.length);
}

/** How a qualifier is said after the measure's name (人民调解 + success → 人民调解成功). */
const QUALIFIER_WORDS: Partial<Record<QualifierId, string>> = { closed: '办结', success: '成功', onBooks: '在册', new: '新接收', change: '变化', target: '目标', rate: '率' };

/** A measure's name for a row or a chart: its concepts in their written form, then what qualifies it (人民调解成功率). */
export function measureName(key: MeasureKey): string {
  return `${key.concepts.slice(0, 2).reverse().map(conceptName).join('')}${key.kind.map((q) => QUALIFIER_WORDS[q] ?? '').join('')}`;
}
