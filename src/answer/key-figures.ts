import type { Figure, Report } from '../ingest/types.js';
import { sectionAt } from './citations.js';
import { figureLabel } from './labels.js';
import { isMeasureFigure } from './figure-choice.js';
import { labelLength } from './figure-quote.js';
import { MEASURES, measureFigure } from './measures.js';

export interface KeyFigure {
  readonly figure: Figure;
  readonly label: string;
  /** Catalogue measure name when the figure is one (法律援助案件 …). */
  readonly measure?: string;
}

/** Score lost by a figure for each one already taken from its section. */
const SECTION_SPREAD = 1;
/** Measures every bureau reports (法律援助案件 …) say most about a year's work. */
const CATALOGUE_BONUS = 5;

/** A key figure's phrase says what it measures in at least this many content characters (not 設立首批 3個). */
const MIN_PHRASE = 3;
/** Below this, a count outside the catalogue ("选调公务员1名") says little about a year's work. */
const MIN_COUNT = 3;
/** Counts written in words (四个意识, 三项制度, 两家) name a thing, not a year's work. */
const WORD_NUMBER = /^[一二两三四五六七八九十]/;
/** Durations and ages say how long, not how much was done. */
const DURATION_UNITS = new Set(['年', '周年', '月', '天', '日', '小时', '学时']);
/** Units of counts and amounts: figures a reader takes in at a glance. */
const PLAIN_UNITS = new Set(['件', '宗', '起', '人', '名', '人次', '场', '场次', '次', '个', '家', '元', '%', '份', '项', '条', '期', '所']);

/** Each catalogue measure's own figure in the report (the total, not a part of it), by figure. */
function measureFigures(report: Report): Map<Figure, string> {
  const out = new Map<Figure, string>();
  for (const m of MEASURES) {
    const figure = measureFigure(report, m);
    if (figure && !out.has(figure)) out.set(figure, m.name);
  }
  return out;
}

/** A figure worth listing: a number in digits, a unit of count or amount, and a phrase that says what it counts. */
function isTelling(figure: Figure, label: string): boolean {
  return !WORD_NUMBER.test(figure.raw) && !DURATION_UNITS.has(figure.unit) && labelLength(figure.phrase) >= MIN_PHRASE && /\p{Script=Han}{2}/u.test(label);
}

function informativeness(figure: Figure, label: string, measures: ReadonlyMap<Figure, string>): { score: number; measure?: string } {
  let score = 0;
  const measure = measures.get(figure);
  if (measure) score += CATALOGUE_BONUS;
  if (PLAIN_UNITS.has(figure.unit)) score += 1;
  if (label.length >= 4 && label.length <= 14) score += 1;
  if (figure.unit === '%' && figure.value === 100) score -= 2;
  if (figure.approx) score -= 0.5;
  // "1名", "三个": small counts say little about a year's work
  if (figure.unit !== '%' && figure.value < 10) score -= 1.5;
  return measure ? { score, measure } : { score };
}

/**
 * The report's most telling figures, spread over its sections: catalogue measures first, then
 * counts with a clear label; never years, unlabelled numbers, plans' targets or problems.
 */
export function pickKeyFigures(report: Report, count: number): KeyFigure[] {
  const measures = measureFigures(report);
  const groups = new Map<string, { key: KeyFigure; score: number }[]>();
  for (const figure of report.figures) {
    if (!isMeasureFigure(figure) || figure.unit === '') continue;
    const section = sectionAt(report, figure.start);
    if (section && (section.role === 'plans' || section.role === 'problems')) continue;
    const label = figureLabel(report, figure);
    if (!isTelling(figure, label) || (!measures.has(figure) && figure.unit !== '%' && figure.value < MIN_COUNT)) continue;
    const { score, measure } = informativeness(figure, label, measures);
    const group = section?.path.slice(0, 2).join('>') ?? '';
    const list = groups.get(group) ?? [];
    list.push({ key: { figure, label, ...(measure ? { measure } : {}) }, score });
    groups.set(group, list);
  }

  const picked: KeyFigure[] = [];
  const taken = new Map<string, number>();
  const pool = [...groups].flatMap(([group, list]) => list.map((c) => ({ ...c, group })));
  while (picked.length < count && pool.length > 0) {
    // each figure already taken from a section lowers the rest of that section, to spread the list
    let bestAt = 0;
    const adjusted = (c: (typeof pool)[number]) => c.score - SECTION_SPREAD * (taken.get(c.group) ?? 0);
    pool.forEach((c, i) => {
      if (adjusted(c) > adjusted(pool[bestAt] ?? c)) bestAt = i;
    });
    const [next] = pool.splice(bestAt, 1);
    if (!next) break;
    const duplicate = picked.some((p) => (p.label === next.key.label && p.figure.raw === next.key.figure.raw) || (next.key.measure && p.measure === next.key.measure));
    if (duplicate) continue;
    picked.push(next.key);
    taken.set(next.group, (taken.get(next.group) ?? 0) + 1);
  }
  return picked.sort((a, b) => a.figure.start - b.figure.start);
}
