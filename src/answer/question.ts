import { foldText } from '../ingest/normalize.js';
import { lexicon } from '../index/lexicon.js';

/**
 * What a question asks, read from its own words (no retrieval): the content words left after removing
 * regions, years and question words; the phrase a "how many" points at; the unit it wants.
 */
export interface QuestionShape {
  /** Content segments, folded (Simplified, half width, lower case). */
  readonly segments: readonly string[];
  /** The segment the quantity word points at: 刑满释放人员 in 衔接了多少名刑满释放人员. */
  readonly focus: string;
  /** Units the answer should carry (件, 名, %, 元 …); empty when the question does not say. */
  readonly units: readonly string[];
  readonly wantsFigure: boolean;
  /** Asks for a section's quotes, not a figure: problems, plans, or what was done (做了哪些工作) with no topic named. */
  readonly role?: 'problems' | 'plans' | 'measures';
  /** Asks what was done (做了哪些工作, 采取了哪些措施), with or without a topic. */
  readonly asksWork: boolean;
}

/** Folds for matching: Traditional → Simplified, NFKC width, lower case, no white space. */
export function foldForMatch(s: string): string {
  return foldText(s).normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

const MEASURE_WORDS = '人次|场次|件次|批次|万元|亿元|平方米|公里|小时|万人|[个名件宗起人场次家所处份条项期部吨元户座位天种台辆间栋本册篇张套支米亩]';
const QUANTITY = new RegExp(`(?:是|有|为|共|达|达到|提升到|提升至|提高到|提高至|增加到|增长到|下降到|降到|共计|一共|总共|累计)?(?:多少|几)(${MEASURE_WORDS})?`, 'g');
const QUESTION_WORDS =
  /请问|哪些|哪个|哪几|什么|怎么样|怎样|怎么|如何|是否|有没有|有无|吗|呢|吧|啊|情况|具体|分别|大概|大约|主要|方面|一共|总共|做了|做过|采取了|采取|有何|何种|(?:办|接|搞|干|弄|收)(?:了|过)|做|最多|最少|最高|最低|最大|最小|地区|区县|县区/g;
/** The measure word a counted noun takes when the question leaves it out ("调解了多少纠纷" counts 件). */
const NOUN_UNITS: readonly (readonly [RegExp, string])[] = [
  [/^(?:纠纷|矛盾纠纷|案件|事项|合同|申请)/, '件'],
  [/^(?:人员|对象|律师|干部|群众|人(?!次))/, '人'],
];
const RATE_WORDS = /率|比例|比率|占比|百分之|百分比|同比|环比|增幅|降幅/;
const MONEY_WORDS = /金额|资金|经费|损失|标的|费用|多少钱/;
const FIGURE_WORDS = /最多|最少|最高|最低|最大|最小|多少|几[个名件宗人次场项家所条份]|比例|比率|占比|百分之|金额|数量|人数|件数|次数|总数|规模|率[是为达]?$/;
/** Asks what went wrong ("存在哪些问题", "问题呢", "的短板是"), not about a measure that has 问题 in its name. */
const PROBLEM_INTENT =
  /(?:存在|有|面临|遇到|还有|主要)(?:的|哪些|什么|些|哪方面的?)?(?:问题|不足|短板|困难|差距|薄弱环节|瓶颈)|(?:问题|不足)(?:和|与|及)(?:不足|短板|问题)|不足之处|(?:^|\|)(?:问题|不足|短板|困难)|的(?:问题|不足|短板|困难)(?:是|有|呢|\||$)/;
/** Asks what is planned ("下一步打算"), not about a measure with 思路 in its name ("新思路打造…"). */
const PLAN_INTENT = /下一步|下步|今后|明年|未来|打算|展望|将要|工作计划|工作安排|工作思路|工作重点|目标任务|(?:^|\|)(?:计划|安排|思路)/;
/** Asks what was done or achieved as a whole ("做了哪些工作", "采取了哪些措施", "主要成效"). */
const WORK_INTENT =
  /(?:做了|做过|干了|开展了|完成了|采取了?|推进了|推出了|有)(?:哪些|什么|些什么|那些|啥)(?:主要|重点|具体)?(?:工作|措施|举措|做法|事情|事|成效|成绩|亮点)|(?:取得|获得|有)了?(?:哪些|什么|啥)(?:主要)?(?:成效|成绩|成果|进展|亮点)|(?:主要|重点)(?:工作|措施|举措|做法|成效|成绩|成果)(?:和|与|及)?(?:成效|成绩|成果)?|工作(?:成效|成绩|亮点)/g;

/** The question without what-was-done words (采取了哪些措施): they name no passage's content, so search goes without them. */
export function withoutWorkWords(question: string): string {
  const folded = foldForMatch(question);
  return folded.search(WORK_INTENT) >= 0 ? folded.replace(WORK_INTENT, ' ') : question;
}

/** Words every report uses for itself; they say nothing about what is asked. */
const GENERIC = /司法局|报告|工作总结/g;

/** Parses the question; `strip` lists texts to remove first (region mentions as written, years). */
export function shapeQuestion(question: string, strip: readonly string[] = []): QuestionShape {
  let q = foldForMatch(question);
  for (const s of strip) {
    const f = foldForMatch(s);
    if (f) q = q.split(f).join('|');
  }
  q = q
    .replace(/(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?/g, '|')
    .replace(/上半年|下半年|全年|前三季度|第[一二三四]季度|今年|去年|前年|本年度?|当年|年初至今/g, '|');
  q = q.replace(GENERIC, '|');
  const asksProblems = PROBLEM_INTENT.test(q);
  const asksPlans = PLAN_INTENT.test(q);

  const units: string[] = [];
  let focus = '';
  let wantsFigure = FIGURE_WORDS.test(q);
  q = q.replace(QUANTITY, (_m, unit: string | undefined) => {
    if (unit) units.push(unit);
    wantsFigure = true;
    return '#';
  });
  const asksWork = !wantsFigure && q.search(WORK_INTENT) >= 0;
  if (asksWork) q = q.replace(WORK_INTENT, '|');
  q = q.replace(QUESTION_WORDS, '|').replace(/[^\p{L}\p{N}#]+/gu, '|');

  const marked = q.split('#');
  if (marked.length > 1) {
    const after = firstSegment(marked[1] ?? '');
    const before = lastSegment(marked[0] ?? '');
    // the measured thing stands next to the quantity word, before it or after it
    focus = [before.slice(-10), after.slice(0, 10)].map((x) => x.replace(/^的/, '')).filter((x) => x.length >= 2).join('|');
    const implied = units.length === 0 ? NOUN_UNITS.find(([noun]) => noun.test(after.replace(/^的/, '')))?.[1] : undefined;
    if (implied) units.push(implied);
  }
  const segments = q.split(/[|#]+/).filter((s) => s.length > 0);
  if (!focus) focus = segments[segments.length - 1] ?? '';
  if (RATE_WORDS.test(focus) || (!units.length && RATE_WORDS.test(q))) units.push('%');
  if (MONEY_WORDS.test(question)) units.push('元');

  const role = wantsFigure ? undefined : asksProblems ? 'problems' : asksPlans ? 'plans' : asksWork && segments.every(isFiller) ? 'measures' : undefined;
  return { segments, focus, units, wantsFigure, asksWork, ...(role ? { role } : {}) };
}

/** What is left of "…工作情况如何" once the question is read: no topic of its own. */
function isFiller(segment: string): boolean {
  return /^(?:工作|情况|方面|总体|整体|全面|一年|年|都|还|等|了|些|有|和|及|成效|成绩)+$/.test(segment);
}

function firstSegment(s: string): string {
  return s.split('|').find((x) => x.length > 0) ?? '';
}

function lastSegment(s: string): string {
  const parts = s.split('|').filter((x) => x.length > 0);
  return parts[parts.length - 1] ?? '';
}

/** Bigrams of the question's content, weighted: the focus counts three times. */
export function weightedBigrams(shape: QuestionShape): Map<string, number> {
  const weights = new Map<string, number>();
  for (const segment of shape.segments) {
    for (const b of bigrams(segment)) weights.set(b, Math.max(weights.get(b) ?? 0, 1));
  }
  for (const b of bigrams(shape.focus)) weights.set(b, 3);
  return weights;
}

/** Character bigrams of a text; `|` separates segments and never joins a bigram. */
export function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) {
    const b = s.slice(i, i + 2);
    if (!b.includes('|')) out.push(b);
  }
  return out;
}

/** Characters that carry no content on their own: a missing one never makes a question unanswerable. */
const FUNCTION_CHARS = new Set('了的是有在对把被和与及等各共其该它这那为到将所从向于也都就还又并个年月日中全市县区镇');

/**
 * The question's content that `target` (folded passages) does not contain: the longest run of
 * characters not covered by any shared bigram, when it is 3+ characters or most of the question.
 */
export function missingContent(shape: QuestionShape, passages: string): string | undefined {
  // 融“法”于“景” holds 融法于景 for a reader: quotes and marks do not break a phrase
  const target = withAliases(`${passages}|${passages.replace(/[\p{P}\p{S}\s]/gu, '')}`);
  let longest = '';
  let total = 0;
  let uncovered = 0;
  for (const segment of shape.segments) {
    let run = '';
    for (let i = 0; i < segment.length; i++) {
      const ch = segment[i] ?? '';
      const covered =
        FUNCTION_CHARS.has(ch) ||
        (i > 0 && target.includes(segment.slice(i - 1, i + 1))) ||
        (i + 1 < segment.length && target.includes(segment.slice(i, i + 2))) ||
        (segment.length === 1 && target.includes(ch));
      if (!FUNCTION_CHARS.has(ch)) total++;
      if (covered) {
        run = '';
      } else {
        uncovered++;
        run += ch;
        if (run.length > longest.length) longest = run;
      }
    }
  }
  if (longest.length >= 3) return longest;
  if (total > 0 && uncovered * 2 > total) return shape.segments.join('');
  return undefined;
}

let aliasPairs: (readonly [string, string])[] | undefined;

/** Canonical terms and their abbreviations that share no bigram with them (法律援助 / 法援), from the synonym file. */
function aliases(): readonly (readonly [string, string])[] {
  aliasPairs ??= lexicon().synonymGroups.flatMap((group) => {
    const [canonical, ...others] = group.map(foldForMatch);
    if (!canonical) return [];
    return others.filter((v) => v.length >= 2 && !canonical.includes(v) && !v.includes(canonical)).map((v) => [canonical, v] as const);
  });
  return aliasPairs;
}

/** `text` plus the other spelling of every canonical term or abbreviation it holds, so 法援案件 matches 法律援助案件. */
export function withAliases(text: string): string {
  let extra = '';
  for (const [canonical, short] of aliases()) {
    if (text.includes(short)) extra += `|${canonical}`;
    else if (text.includes(canonical)) extra += `|${short}`;
  }
  return extra ? text + extra : text;
}
