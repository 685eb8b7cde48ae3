import type { ParsedQuery } from '../search/types.js';

/** What kind of answer a free-text question wants: most are facts; some ask for a summary or a comparison. */
export type Route =
  | { readonly kind: 'fact' }
  | { readonly kind: 'summary'; readonly region: string }
  | { readonly kind: 'compare'; readonly regions: readonly [string, string]; readonly topic?: string };

const COMPARE_WORDS = /比较一下|比较|对比一下|对比|相比|比一比|区别|差异|不同|比(?![例重率])\s*(?:更|还)?(?:多|少|高|低|大|小)|(?:还是|或者?)(?:更)?(?:多|少|高|低|大|小)|哪个(?:更)?(?:多|高|少|低|好|大)|谁(?:更)?(?:多|高|少|低)/g;
const SUMMARY_WORDS = /总结一下|总结|概括一下|概括|摘要|概要|介绍一下|介绍|主要内容|讲了什么|说了什么|写了什么|讲了些什么/g;
/** Words around a topic that are not the topic: 阳山和镜湖在法律援助方面的比较 → 法律援助. */
const TOPIC_FILLER = /[\s\p{P}\p{S}]|和|与|跟|同|及|的|在|方面|上|情况|工作|报告|司法局|请|一下|两地|两个|二者|两者|之间|呢|吗|做得|做|有|什么|哪些/gu;
const MIN_TOPIC = 2;

function withoutRegions(question: string, parsed: ParsedQuery): string {
  return parsed.regions.reduce((q, r) => q.split(r.text).join(' '), question);
}

export function routeQuestion(question: string, parsed: ParsedQuery): Route {
  const regions = [...new Set(parsed.regions.filter((r) => r.covered).map((r) => r.name))];
  const rest = withoutRegions(question, parsed);
  const pair = rest.search(COMPARE_WORDS) >= 0 ? comparedPair(parsed, rest) : undefined;
  if (pair) {
    const topic = pair.rest.replace(COMPARE_WORDS, '').replace(TOPIC_FILLER, '');
    return topic.length >= MIN_TOPIC ? { kind: 'compare', regions: pair.regions, topic } : { kind: 'compare', regions: pair.regions };
  }
  if (regions.length === 1 && rest.search(SUMMARY_WORDS) >= 0 && rest.replace(SUMMARY_WORDS, '').replace(TOPIC_FILLER, '').length === 0) {
    return { kind: 'summary', region: regions[0] ?? '' };
  }
  return { kind: 'fact' };
}

/** A place-like word the gazetteer does not know, standing on its own: 火星县 of "比较梁平和火星县". */
const OTHER_PLACE = /(?<=^|[\s和与跟同及、，,])(?![全本我该各某和与跟同及])(\p{Script=Han}{1,5}?(?:省|市|县|区|旗))(?=$|的|在|之间|两地|[\s\p{P}])/u;

/**
 * The two regions a comparison names: two covered ones; else any two named (an uncovered city, or the
 * same region twice), or one and an unknown place — the comparison itself then says what is wrong.
 */
function comparedPair(parsed: ParsedQuery, rest: string): { regions: readonly [string, string]; rest: string } | undefined {
  const covered = [...new Set(parsed.regions.filter((r) => r.covered).map((r) => r.name))];
  const named = [...new Set(parsed.regions.map((r) => r.name))];
  const [a, b] = covered.length === 2 ? covered : named;
  if (a && b) return { regions: [a, b], rest };
  if (a && parsed.regions.length >= 2) return { regions: [a, a], rest };
  const unknown = a ? OTHER_PLACE.exec(rest)?.[1] : undefined;
  return a && unknown ? { regions: [a, unknown], rest: rest.replace(unknown, ' ') } : undefined;
}
