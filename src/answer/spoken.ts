/**
 * A question as people type it, put in the reports' words before it is read or searched:
 * talk that names nothing is dropped and spoken words are written as the reports write them.
 */

/** Talk around a question that names nothing in a report ("麻章那边…啊"): dropped before it is searched or read. */
const CHATTER = /那[边邊里裡儿兒]|这[边里儿]|這[邊裡兒]|到底|究竟|大概|大约|大約|请问|請問|我想知道|想问一下|想問一下|想[问問]|[问問]一下|帮我查一下|幫我查一下|帮我查查|查一下|告[诉訴]我|来着|來著|(?<=[县区市縣區])里(?!程)|[啊呀哦啦嘛呗哈]+(?=[？?！!。，,\s]|$)/g;
/** Spoken words for what the reports write otherwise; a whole year said as 一年, 一整年 or 2024年度 (not 上一年, 一年多, 年度报告). */
const SPOKEN: readonly (readonly [RegExp, string])[] = [
  [/案子/g, '案件'],
  [/(?<![上下前去今明近每第])一整?年(?![多半级来以])|整年/g, '全年'],
  [/(?<=\d{4}\s*)年度(?!报告|总结|计划|考核|检查)/g, '年全年'],
];

/** The question in the reports' words: chatter dropped, 案子 → 案件, 一年 → 全年 (so the period is read as asked). */
export function plainQuestion(question: string): string {
  const plain = SPOKEN.reduce((q, [pattern, written]) => q.replace(pattern, written), question.replace(CHATTER, ''));
  return /[\p{L}\p{N}]/u.test(plain) ? plain : question;
}
