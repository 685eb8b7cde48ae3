import type { Figure, Report, Span } from '../ingest/types.js';
import type { SearchHit } from '../search/types.js';
import { bigrams, missingContent, type QuestionShape, weightedBigrams, withAliases } from './question.js';
import { figureQuote } from './figure-quote.js';
import { sentenceAt } from './spans.js';
import { headingsOver, sectionAt } from './citations.js';

/** Weight of the question's words found in the figure's own group of a sentence. */
const GROUP_WEIGHT = 4;
/** Score won by a figure whose own clause names the part asked for: 保留361件 for 规范性文件中保留了多少件, over 清理规范性文件634件. */
const OWN_PART = 4;
/** Score lost by a figure in a plans section. */
const PLAN_PENALTY = 10;
/** Score lost by a figure whose unit is not the one the question asks for (两场次 for 多少人). */
const UNIT_MISMATCH = 8;

/** A figure of a report weighed against what a question asks. */
export interface FigureCandidate {
  readonly figure: Figure;
  readonly report: Report;
  readonly score: number;
  /** Share of the question's focus bigrams found next to the figure (0‥1). */
  readonly directness: number;
  /** The focus's head word (败诉率 of 行政复议案件败诉率) stands next to the figure. */
  readonly namesHead: boolean;
  /** Share of the figure's own label that the question uses (1: every word of 区级部门54件 is asked). */
  readonly precision: number;
}

/** Measure words that name the same kind of count. */
const UNIT_FAMILIES: readonly (readonly string[])[] = [
  ['件', '宗', '起', '件次', '单', '份'],
  ['名', '人', '位', '人次'],
  ['场', '场次', '次', '期', '批次'],
  ['个', '家', '处', '所', '座', '站', '支'],
  ['元', '万元', '亿元'],
];

/** Units that are no count ("多少个" may count anything else). */
const NOT_COUNTS = new Set(['%', '元', '万元', '亿元', '']);

/** +4 for the unit asked, 0 when none was asked or a spoken 个 meets any count, else −UNIT_MISMATCH. */
function askedUnitScore(asked: readonly string[], unit: string): number {
  if (asked.length === 0) return 0;
  if (asked.some((u) => unitsMatch(u, unit))) return 4;
  return asked.includes('个') && !NOT_COUNTS.has(unit) ? 0 : -UNIT_MISMATCH;
}

export function unitsMatch(asked: string, unit: string): boolean {
  if (asked === unit) return true;
  const a = asked.replace(/^[万亿]/, '');
  return a === unit || UNIT_FAMILIES.some((f) => f.includes(a) && f.includes(unit));
}

/** Years and bare small numbers are not answers to "how many". */
export function isMeasureFigure(figure: Figure): boolean {
  if (figure.unit === '年' && figure.value >= 1900) return false;
  if (figure.unit === '') return figure.value >= 10 && !(Number.isInteger(figure.value) && figure.value >= 1900 && figure.value <= 2100);
  return true;
}

/** The words around a figure, folded: what the report says it measures. */
export interface FigureContext {
  /** From the previous figure (or the sentence start) up to this figure, at most 30 characters. */
  readonly lead: string;
  /** Up to the next clause end or figure, at most 12 characters. */
  readonly tail: string;
  /** From the start of the figure's own group (after the last ；or opening bracket of its sentence) up to the figure. */
  readonly group: string;
  readonly sentence: string;
  /** The leads of earlier figures of the same kind in its list (its sentence, or since the last ；). */
  readonly siblings: readonly string[];
}

/** Where a list of parts opens or a part ends: "（其中行政检查…；行政处罚…）". */
const GROUP_BREAK = /[；;（(]/g;

/** From the previous figure of its sentence (or the sentence start) up to the figure, at most 30 characters. */
function leadOf(report: Report, figure: Figure, sentence: Span): string {
  const previousEnd = report.figures
    .filter((f) => f.end <= figure.start && f.end > sentence.start)
    .reduce((max, f) => Math.max(max, f.end), sentence.start);
  return report.folded.slice(Math.max(previousEnd, figure.start - 30), figure.start);
}

export function figureContext(report: Report, figure: Figure): FigureContext {
  const sentence = sentenceAt(report.text, figure.start);
  const nextStart = report.figures.find((f) => f.start >= figure.end && f.start < sentence.end)?.start ?? sentence.end;
  let tailEnd = Math.min(nextStart, figure.end + 12);
  const clauseEnd = report.folded.slice(figure.end, tailEnd).search(/[，,；;。：:（(]/);
  if (clauseEnd >= 0) tailEnd = figure.end + clauseEnd;
  const before = report.folded.slice(sentence.start, figure.start);
  const groupStart = Math.max(0, ...[...before.matchAll(GROUP_BREAK)].map((m) => m.index + 1));
  const listStart = sentence.start + Math.max(0, ...[...before.matchAll(/[；;]/g)].map((m) => m.index + 1));
  return {
    lead: leadOf(report, figure, sentence),
    tail: report.folded.slice(figure.end, tailEnd),
    group: before.slice(groupStart),
    sentence: report.folded.slice(sentence.start, sentence.end),
    siblings: report.figures
      .filter((f) => f.start >= listStart && f.end <= figure.start && unitsMatch(f.unit, figure.unit))
      .map((f) => leadOf(report, f, sentence)),
  };
}

/** How a figure's surroundings match the question's weighted bigrams. */
export interface ContextMatch {
  /** Weighted share of the question found in the figure's sentence (shared by its siblings). */
  readonly sentence: number;
  /** Weighted share found right next to the figure (its own label). */
  readonly near: number;
  /** Share of the label's own bigrams that the question uses: 年末在册 over 新接收社区矫正对象 for 年末在册…多少人. */
  readonly precision: number;
  /** Share of the question's focus bigrams found next to the figure (0‥1). */
  readonly directness: number;
  /** Weighted share found in the figure's own group: 行政检查 of "（其中行政检查…公示及时率为99.37%；…）". */
  readonly group: number;
}

const LABEL_CHARS = 12;
/** Verbs and totals any count may carry; they neither add to nor take from a label's match. */
const GENERIC_VERBS = /年初至今|截至目前|全年|累计|共计|共|受理|办理|开展|完成|提供|组织|实现|举办|处理|承办|达到|达/g;
/** A total ("共受理…202件") answers more directly than a part of one ("其中…"). */
const TOTAL = /(?<!公)共|累计|总计|总数|合计/;
const PART = /其中/;

/** +1 for a total, −1 for a part of one, 0 otherwise: read from the words before a figure. */
export function totalBias(lead: string): number {
  return (TOTAL.test(lead) ? 1 : 0) - (PART.test(lead) ? 1 : 0);
}

/** Han bigrams of the question found in a figure's lead, totals and stock verbs left out. */
function namedBy(lead: string, weights: ReadonlyMap<string, number>): string[] {
  const own = lead.replace(GENERIC_VERBS, '|');
  return [...weights.keys()].filter((b) => /^\p{Script=Han}{2}$/u.test(b) && own.includes(b));
}

/**
 * The question's words an earlier figure of the same list was named by, shared by this one: in
 * "新接收社区矫正对象206人,解除179人,…年末在册272人" 社区矫正对象 is named once for the whole list.
 * Only a figure whose own words add a term the earlier one lacks (在册) takes them on, so a word
 * the list shares never decides between its figures, and the distinguishing one does.
 */
function sharedWords(lead: string, siblings: readonly string[], weights: ReadonlyMap<string, number>): Set<string> {
  const own = namedBy(lead, weights);
  const shared = new Set<string>();
  for (const sibling of siblings) {
    if (!own.some((b) => !sibling.includes(b))) continue;
    for (const b of namedBy(sibling, weights)) if (!lead.includes(b)) shared.add(b);
  }
  return shared;
}

export function contextMatch(raw: FigureContext, weights: ReadonlyMap<string, number>, focus: string): ContextMatch {
  const context = { lead: withAliases(raw.lead), tail: withAliases(raw.tail), group: withAliases(raw.group), sentence: withAliases(raw.sentence) };
  const shared = sharedWords(context.lead, raw.siblings.map(withAliases), weights);
  let total = 0;
  let sentence = 0;
  let near = 0;
  let group = 0;
  for (const [b, w] of weights) {
    total += w;
    if (context.sentence.includes(b)) sentence += w;
    if (context.group.includes(b)) group += w;
    if (context.lead.includes(b) || shared.has(b)) near += w;
    else if (context.tail.includes(b)) near += 0.7 * w;
  }
  const label = (context.lead.split(/[，,；;。：:、（()）]/).pop()?.slice(-LABEL_CHARS) ?? '').replace(GENERIC_VERBS, '|');
  const labelBigrams = bigrams(label).filter((b) => /^\p{Script=Han}{2}$/u.test(b));
  const precision = labelBigrams.length ? labelBigrams.filter((b) => weights.has(b)).length / labelBigrams.length : 0;
  const focusBigrams = bigrams(focus);
  const around = `${context.lead}|${context.tail}`;
  const directness = focusBigrams.length ? focusBigrams.filter((b) => around.includes(b) || shared.has(b)).length / focusBigrams.length : 0;
  return total === 0
    ? { sentence: 0, near: 0, precision, directness, group: 0 }
    : { sentence: sentence / total, near: near / total, precision, directness, group: group / total };
}

/**
 * Whether the figure is named by what is asked: the focus's last word stands right by it, or its own
 * label ends in a word of the question (年末在册272人, after 新接收社区矫正对象206人, for 年末在册…对象).
 * 复议首选率超60% does not answer 行政复议案件败诉率 however much else of the sentence matches.
 */
function namesHead(context: FigureContext, shape: QuestionShape, quoted: string): boolean {
  const heads = focusHeads(shape);
  const clause = context.lead.split(/[，,；;。：:（()）]/).pop() ?? '';
  // a clause without its own label ("累计730余人参与") is named by the clause its quote takes in
  const near = withAliases(`${clause}|${context.tail}|${quoted}`);
  if (heads.length === 0 || heads.some((head) => near.includes(head))) return true;
  const label = clause.split('、').pop()?.replace(/[达为至到是超约近共计有了]+$/, '') ?? '';
  return label.length >= 2 && shape.segments.some((segment) => segment.includes(label.slice(-2)));
}

/** The last words of each part of the focus (败诉率 → 诉率), with trailing particles dropped. */
function focusHeads(shape: QuestionShape): string[] {
  return shape.focus
    .split('|')
    .map((part) => part.replace(/[了的过着]+$/, ''))
    .filter((part) => part.length >= 2)
    .map((part) => part.slice(-2));
}

/** "X中Y" asks for the part Y of X (法律援助案件中刑事案件): 中 not starting a word of its own (中心, 中央 …). */
const PART_OF = /(?<=\p{Script=Han}{2})中(?![心央国华级小学期队])(?=\p{Script=Han}{2})/u;

/** The part asked for by "X中Y" (Y), if the question asks for one. */
function askedPart(shape: QuestionShape): string | undefined {
  const part = shape.focus.split('|').map((f) => f.split(PART_OF)).find((pieces) => pieces.length > 1)?.pop();
  return part?.replace(/[了的过着]+$/, '');
}

/** The part asked for stands in the figure's own clause, not only in the sentence around it. */
function ownsPart(context: FigureContext, part: string): boolean {
  const clause = context.lead.split(/[，,；;。：:、（()）]/).pop() ?? '';
  return withAliases(`${clause}|${context.tail}`).includes(part);
}

/** Frequent words of a report tell its figures apart less than rare ones (年末在册 over 社区矫正). */
function distinctiveWeights(weights: ReadonlyMap<string, number>, report: Report): Map<string, number> {
  const out = new Map<string, number>();
  for (const [b, w] of weights) {
    let count = 0;
    for (let at = report.folded.indexOf(b); at >= 0; at = report.folded.indexOf(b, at + 1)) count++;
    out.set(b, w * (1 + Math.log2(1 + 16 / (1 + count))));
  }
  return out;
}

/**
 * Ranks the figures of the hits' passages for a question: words next to the figure that match the
 * question (the focus most), the unit asked for, and the passage's rank.
 */
export function rankFigures(hits: readonly SearchHit[], shape: QuestionShape): FigureCandidate[] {
  const base = weightedBigrams(shape);
  const part = askedPart(shape);
  const byReport = new Map<Report, Map<string, number>>();
  const out: FigureCandidate[] = [];
  hits.forEach((hit, rank) => {
    let weights = byReport.get(hit.report);
    if (!weights) byReport.set(hit.report, (weights = distinctiveWeights(base, hit.report)));
    for (const figure of hit.report.figures) {
      if (figure.start < hit.chunk.start || figure.end > hit.chunk.end || !isMeasureFigure(figure)) continue;
      const context = figureContext(hit.report, figure);
      const match = contextMatch(context, weights, shape.focus);
      if (match.sentence === 0) continue;
      const { directness } = match;
      let score = 10 * match.sentence + 8 * match.near + 4 * match.precision + 2 * directness + GROUP_WEIGHT * match.group + 3 / (1 + rank);
      const unitScore = askedUnitScore(shape.units, figure.unit);
      // a part asked for by name, in the unit asked ("其中刑事案件558宗" for 法律援助案件中刑事案件), is no worse for being a part
      if (part && unitScore >= 0 && ownsPart(context, part)) score += OWN_PART;
      else score += totalBias(context.lead);
      if (figure.start >= hit.bestSentence.start && figure.end <= hit.bestSentence.end) score += 1;
      // plans state targets ("力争…达96%以上"), not what was achieved
      if (sectionAt(hit.report, figure.start)?.role === 'plans') score -= PLAN_PENALTY;
      score += unitScore;
      const quote = figureQuote(hit.report, figure);
      const quoted = hit.report.folded.slice(quote.start, quote.end);
      out.push({ figure, report: hit.report, score, directness, precision: match.precision, namesHead: namesHead(context, shape, quoted) });
    }
  });
  return out.sort((a, b) => b.score - a.score);
}

/** The words a figure stands in: its sentence, the one before, and its section's headings (folded). */
function surroundings(c: FigureCandidate): string {
  const { report, figure } = c;
  const sentence = sentenceAt(report.text, figure.start);
  const previous = sentenceAt(report.text, Math.max(0, sentence.start - 2));
  return [report.folded.slice(previous.start, sentence.end), ...headingsOver(report, figure.start)].join('|');
}

/** A figure named by the head of what is asked, whose surroundings hold all of it: 律师万人比 is not answered by 执业律师10名. */
export function namesAll(c: FigureCandidate, shape: QuestionShape): boolean {
  return c.namesHead && !missingContent(shape, surroundings(c));
}

/** A figure that answers the question: named by it, with some of its focus right next to it. */
export function answersQuestion(c: FigureCandidate, shape: QuestionShape): boolean {
  return c.directness > 0 && namesAll(c, shape);
}
