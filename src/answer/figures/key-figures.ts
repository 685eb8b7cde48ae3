import { labelLength } from '../../ingest/figures.js';
import type { Figure, Report } from '../../ingest/types.js';
import { figureLabel } from '../compose/labels.js';
import { sectionAt } from '../report/citations.js';
import { conceptsIn, isHeadline } from '../../lexicon/concepts.js';
import { measureKey, measureName } from './measure.js';

/**
 * A report's headline figures: what it counts said with each (受理法律援助案件202件), measures the
 * thesaurus knows first (legal aid cases, mediations, people under correction …), totals before
 * their parts, spread over the report's sections; never years, figures without a subject (…12家),
 * targets, or the problems section.
 */

export interface KeyFigure {
  readonly figure: Figure;
  readonly label: string;
  /** How telling it is (higher first). */
  readonly score: number;
  /** The measure's name when the thesaurus knows what it counts (法律援助案件 …). */
  readonly measure?: string;
}

/** Score lost by a figure for each one already taken from its section. */
const SECTION_SPREAD = 0.5;
/** A figure whose words name a headline measure (法律援助案件, 人民调解 …) says most about a year's work; any concept of the domain says more than none. */
const HEADLINE_BONUS = 4;
const CONCEPT_BONUS = 1;
/** A figure's words (its own and its list's) say what it counts in at least this many content characters. */
const MIN_LABEL = 3;
/** Counts written in words (四个意识, 三项制度, 两家) name a thing, not a year's work. */
const WORD_NUMBER = /^[一二两三四五六七八九十]/;
const COUNT_FAMILIES = new Set(['cases', 'people', 'personTimes', 'events', 'money', 'percent', 'institutions', 'documents', 'items']);

function candidate(report: Report, figure: Figure): { key: KeyFigure; score: number } | undefined {
  if (!COUNT_FAMILIES.has(figure.family) || WORD_NUMBER.test(figure.raw)) return undefined;
  if (figure.qualifiers.includes('target') || figure.qualifiers.includes('change')) return undefined;
  const section = sectionAt(report, figure.start);
  if (section && (section.role === 'plans' || section.role === 'problems')) return undefined;
  const own = report.folded.slice(figure.label.start, figure.label.end);
  const subject = figure.subject ? report.folded.slice(figure.subject.start, figure.subject.end) : '';
  if (labelLength(`${subject}${own}`) < MIN_LABEL) return undefined;
  const key = measureKey(report, figure);
  let score = key.concepts.some(isHeadline) ? HEADLINE_BONUS : key.concepts.length > 0 ? CONCEPT_BONUS : 0;
  // totals and what is on the books sum a year up; parts and change figures follow them
  if (figure.qualifiers.includes('total') || figure.qualifiers.includes('onBooks')) score += 1;
  if (figure.qualifiers.includes('part')) score -= 1;
  if (figure.family === 'percent' && figure.value === 100) score -= 2;
  if (figure.family !== 'percent' && figure.value < 10) score -= 1.5;
  if (figure.approx) score -= 0.5;
  // the figure its section is about (提升法律援助服务能力 → 受理法律援助案件202件) leads that section's figures
  const heading = section ? report.folded.slice(section.heading.start, section.heading.end) : '';
  if (key.concepts.some((c) => conceptsIn(heading).has(c))) score += 1;
  const measure = key.concepts.length > 0 ? measureName(key) : undefined;
  const label = figure.subject && labelLength(own) < MIN_LABEL ? `${report.text.slice(figure.subject.start, figure.subject.end)}·${figureLabel(report, figure)}` : figureLabel(report, figure);
  return { key: { figure, label, score, ...(measure ? { measure } : {}) }, score };
}

/** The report's most telling figures, spread over its sections, in report order. */
export function pickKeyFigures(report: Report, count: number): KeyFigure[] {
  const pool = report.figures.flatMap((figure) => {
    const c = candidate(report, figure);
    return c ? [{ ...c, group: sectionAt(report, figure.start)?.path.slice(0, 2).join('>') ?? '' }] : [];
  });
  const picked: KeyFigure[] = [];
  const taken = new Map<string, number>();
  while (picked.length < count && pool.length > 0) {
    // each figure already taken from a section lowers the rest of that section, to spread the list
    const adjusted = (c: (typeof pool)[number]) => c.score - SECTION_SPREAD * (taken.get(c.group) ?? 0);
    const bestAt = pool.reduce((best, c, i) => (adjusted(c) > adjusted(pool[best]!) ? i : best), 0);
    const [next] = pool.splice(bestAt, 1);
    if (!next) break;
    const duplicate = picked.some((p) => p.label === next.key.label && p.figure.raw === next.key.figure.raw);
    if (duplicate) continue;
    picked.push(next.key);
    taken.set(next.group, (taken.get(next.group) ?? 0) + 1);
  }
  return picked.sort((a, b) => a.figure.start - b.figure.start);
}
