import type { SectionRole } from './types.js';

/** What a heading or paragraph is about, from its (folded) words. */

const PROBLEMS = /存在(?:的)?(?:主要)?(?:问题|不足|短板)|问题(?:和|与|及)不足|不足之处|短板弱项|困难和问题|差距(?:和|与)不足|不足(?:和|与)差距|^(?:[一二三四五六七八九十]+、)?(?:主要)?(?:问题|不足|短板|差距)/;
const PLANS = /下一步|下步|工作计划|工作打算|工作思路|工作安排|工作谋划|工作展望|今后|(?:19|20)\d\d年(?:度)?(?:工作)?(?:重点|要点|计划|打算|思路|安排|展望)/;
const MEASURES = /措施|举措|成效|做法|工作情况|开展情况|主要工作|工作成绩|进展/;

/** The role a heading names, if it names one. */
export function headingRole(foldedHeading: string): SectionRole | undefined {
  if (PROBLEMS.test(foldedHeading)) return 'problems';
  if (PLANS.test(foldedHeading)) return 'plans';
  if (MEASURES.test(foldedHeading)) return 'measures';
  return undefined;
}

const PARAGRAPH_PROBLEMS = /(?:还|仍|也|但)(?:存在|有)(?:一些|以下|一定|不少)?(?:问题|不足|短板|差距)/;
const PARAGRAPH_PLANS = /^(?:下一步|下步|今后|(?:19|20)\d\d年)[,，]?(?:我局|我们)?将/;

/** A paragraph inside a measures section that turns to problems (但还存在一些问题和不足:一是…) or plans. */
export function paragraphRole(foldedOpening: string): SectionRole | undefined {
  if (PARAGRAPH_PROBLEMS.test(foldedOpening)) return 'problems';
  if (PARAGRAPH_PLANS.test(foldedOpening)) return 'plans';
  return undefined;
}

/** A child inherits problems/plans from its parent; otherwise its own heading decides, else measures. */
export function childRole(parent: SectionRole | undefined, foldedHeading: string): SectionRole {
  if (parent === 'problems' || parent === 'plans') return parent;
  return headingRole(foldedHeading) ?? 'measures';
}

const YEAR = /(?:19|20)\d\d/g;

/** A top-level part headed by a year after the one reported on (三、2025年工作) is about plans. */
export function namesLaterYear(foldedHeading: string, reportYear: number): boolean {
  return reportYear > 0 && [...foldedHeading.matchAll(YEAR)].some((m) => Number(m[0]) > reportYear);
}
