import type { Figure, Report } from '../ingest/types.js';
import { sectionAt } from './citations.js';
import { figureContext, isMeasureFigure, totalBias, unitsMatch } from './figure-choice.js';
import { bigrams, missingContent, type QuestionShape, withAliases } from './question.js';

/**
 * A measure judicial bureaus report year after year, recognised by the words just before a figure.
 * The catalogue is data: a new measure is a new line, not new code.
 */
export interface Measure {
  readonly name: string;
  /** The work area it belongs to, as users name topics (法律援助, 人民调解 …). */
  readonly topic: string;
  /** Any of these (folded, Simplified) just before the figure marks it. */
  readonly keys: readonly string[];
  /** None of these may stand there (在册 of 安置帮教 is not 在册 of 社区矫正). */
  readonly exclude?: readonly string[];
  /** Units the figure may carry; empty: any. */
  readonly units: readonly string[];
}

/** Most characters between a measure's key and its figure. */
const KEY_DISTANCE = 4;
/** A question names a measure when it shares this many characters (or bigrams) of one of its keys. */
const MIN_KEY_OVERLAP = 2;

export const MEASURES: readonly Measure[] = [
  { name: '法律援助案件', topic: '法律援助', keys: ['法律援助案件', '法援案件', '援助案件'], units: ['件'] },
  { name: '法律援助工作站', topic: '法律援助', keys: ['法律援助工作站', '法律援助站'], units: ['个'] },
  { name: '法律咨询', topic: '法律援助', keys: ['法律咨询', '来访咨询', '咨询'], units: ['人次', '件', '次'] },
  { name: '人民调解纠纷', topic: '人民调解', keys: ['调处矛盾纠纷', '调解矛盾纠纷', '调处各类民间纠纷', '化解矛盾纠纷', '调处', '调解纠纷', '调解案件'], exclude: ['成功', '协议'], units: ['件'] },
  { name: '调解成功率', topic: '人民调解', keys: ['调解成功率', '调处成功率', '成功率'], units: ['%'] },
  { name: '调解协议金额', topic: '人民调解', keys: ['涉及金额', '协议金额', '协议解决金额'], units: ['元'] },
  { name: '调解组织', topic: '人民调解', keys: ['调解组织', '调委会'], exclude: ['纠纷'], units: ['个'] },
  { name: '行政复议案件', topic: '行政复议', keys: ['行政复议案件', '复议案件', '行政复议发案量', '行政复议申请', '复议申请'], units: ['件'] },
  { name: '行政诉讼案件', topic: '行政应诉', keys: ['行政诉讼发案量', '行政应诉案件', '出庭应诉行政案件', '诉讼案件'], units: ['件'] },
  { name: '社区矫正在册人数', topic: '社区矫正', keys: ['在册社区矫正对象', '在册'], exclude: ['帮教', '刑满', '安置'], units: ['人', '名'] },
  { name: '新接收社区矫正对象', topic: '社区矫正', keys: ['接收社区矫正对象', '新接收'], units: ['人', '名'] },
  { name: '社区矫正训诫警告', topic: '社区矫正', keys: ['训诫', '警告'], units: ['人次', '人'] },
  { name: '安置帮教对象', topic: '安置帮教', keys: ['安置帮教人员', '安置帮教对象', '帮教对象', '在册安置帮教'], units: ['人', '名'] },
  { name: '衔接刑满释放人员', topic: '安置帮教', keys: ['刑满释放人员', '刑释人员', '衔接'], units: ['人', '名'] },
  { name: '普法活动', topic: '普法', keys: ['普法', '法治宣传', '宣传教育活动', '七进', '六进', '法治讲座', '专题宣传'], units: ['场', '次'] },
  { name: '普法受众', topic: '普法', keys: ['受教育', '参与人数', '学法考试'], units: ['人'] },
  { name: '法律明白人', topic: '普法', keys: ['法律明白人'], units: ['人', '名'] },
  { name: '规范性文件', topic: '规范性文件', keys: ['规范性文件'], units: ['件'] },
  { name: '合法性审查', topic: '合法性审查', keys: ['合法性审查', '合法性审核', '审查'], units: ['件'] },
  { name: '法律顾问', topic: '法律顾问', keys: ['法律顾问'], exclude: ['参与', '办理'], units: ['人', '名'] },
  { name: '涉法事务', topic: '法律顾问', keys: ['涉法事务', '法律事务'], units: ['件'] },
  { name: '公证业务', topic: '公证', keys: ['公证'], units: ['件'] },
  { name: '行政执法人员', topic: '行政执法', keys: ['执法人员', '执法证'], units: ['人', '名'] },
];

/** How strongly `measure` names `figure`: the longest key before it, 0 when it does not. */
export function measureMatch(report: Report, figure: Figure, measure: Measure): number {
  if (!isMeasureFigure(figure)) return 0;
  if (measure.units.length && !measure.units.some((u) => unitsMatch(u, figure.unit))) return 0;
  const { lead, tail } = figureContext(report, figure);
  const near = `${lead.slice(-20)}|${tail}`;
  if (measure.exclude?.some((x) => near.includes(x))) return 0;
  // the key must name this figure, not a figure further on ("办理行政诉讼案件等法律事务150余件次")
  const names = (k: string) => {
    const before = lead.lastIndexOf(k);
    const after = tail.indexOf(k);
    return (before >= 0 && lead.length - before - k.length <= KEY_DISTANCE) || (after >= 0 && after <= KEY_DISTANCE);
  };
  return Math.max(0, ...measure.keys.filter(names).map((k) => k.length));
}

/**
 * The report's figure for a measure: the best-named one outside plans and problems, a total before a
 * part of one, one in a `favoured` chunk (retrieved for the topic) before others, then the larger.
 */
export function measureFigure(report: Report, measure: Measure, favoured: ReadonlySet<string> = new Set()): Figure | undefined {
  let best: { figure: Figure; score: number } | undefined;
  for (const figure of report.figures) {
    // plans state targets and problems state gaps: neither is a result
    const role = sectionAt(report, figure.start)?.role;
    if (role === 'plans' || role === 'problems') continue;
    const match = measureMatch(report, figure, measure);
    if (match === 0) continue;
    const score = match + (favoured.has(figure.chunkId) ? 2 : 0) + totalBias(figureContext(report, figure).lead);
    if (!best || score > best.score || (score === best.score && figure.value > best.figure.value)) best = { figure, score };
  }
  return best?.figure;
}

/** The catalogue entries about a topic (folded words, e.g. the topic and its synonyms). */
export function measuresForTopic(words: readonly string[]): Measure[] {
  return MEASURES.filter((m) => words.some((w) => w.length >= 2 && (m.topic.includes(w) || w.includes(m.topic) || m.keys.some((k) => k.length >= 3 && w.includes(k)))));
}

/** A measure made from a topic no catalogue entry knows: figures whose lead holds one of its words. */
export function adHocMeasure(topic: string, words: readonly string[]): Measure {
  return { name: topic, topic, keys: words.filter((w) => w.length >= 2), units: [] };
}

/** How much of a measure's best key a question names: shared bigrams (法援 spelled out, as the reports do). */
function keyOverlap(measure: Measure, question: string): number {
  const said = withAliases(question);
  return Math.max(0, ...measure.keys.map((k) => (said.includes(k) ? k.length : bigrams(k).filter((b) => said.includes(b)).length)));
}

/**
 * The catalogue measure a question asks for ("哪个地区法律援助案件最多" → 法律援助案件): the one whose
 * keys share most with the question's words, in the unit it asks for, and that leaves none of
 * what is asked unsaid (律谐商事调解中心 is no measure of the catalogue).
 */
export function questionMeasure(shape: QuestionShape): Measure | undefined {
  const asked = shape.segments.join('|');
  let best: { measure: Measure; score: number } | undefined;
  for (const measure of MEASURES) {
    if (shape.units.length && measure.units.length && !shape.units.some((u) => measure.units.some((m) => unitsMatch(u, m)))) continue;
    const score = keyOverlap(measure, asked);
    if (score >= MIN_KEY_OVERLAP && (!best || score > best.score)) best = { measure, score };
  }
  const named = best && [best.measure.name, best.measure.topic, ...best.measure.keys].join('|');
  return best && named && !missingContent(shape, named) ? best.measure : undefined;
}
