import type { ParsedQuery } from '../search/types.js';
import type { AnswerContext } from './types.js';

/** A question made whole with the previous one's context: "那梁平区呢？" → "梁平区…（the previous question）". */
export interface ResolvedQuestion {
  readonly question: string;
  /** Regions inherited from the previous answer (hard filters), when the question names none. */
  readonly inheritedRegions: readonly string[];
}

const FILLER = /^(?:那么?|那|换成|如果是|改成|再看看?|看看|还有|对于|关于)|(?:呢|的情况|情况|怎么样|如何|又如何|又是多少|呀|啊)$/g;
const PRONOUN = /^(?:那么|那|还有)?(?:它们?|他们|该局|该区|该县|该市|该地|这个(?:局|区|县|市|地方)|那里|那边|其)?/;
const YEAR = /(?:19|20)\d{2}\s*年度?/g;
const HAS_YEAR = /(?:19|20)\d{2}\s*年/;

function bare(question: string, parsed: ParsedQuery): string {
  let rest = question;
  for (const r of parsed.regions) rest = rest.split(r.text).join('');
  return rest.replace(YEAR, '').replace(/[\s\p{P}\p{S}]/gu, '').replace(FILLER, '').replace(/司法局$/, '');
}

/**
 * Rewrites a follow-up against the previous question: a bare region ("那梁平区呢？") or year swaps
 * into the previous question; a question naming no region inherits the previous regions.
 */
export function resolveFollowUp(question: string, previous: AnswerContext | undefined, parse: (q: string) => ParsedQuery): ResolvedQuestion {
  if (!previous) return { question, inheritedRegions: [] };
  const parsed = parse(question);
  const years = question.match(YEAR) ?? [];
  const isBare = bare(question, parsed).length === 0;

  if (isBare && (parsed.regions.length > 0 || years.length > 0)) {
    let rewritten = previous.question;
    if (parsed.regions.length > 0) {
      const before = parse(previous.question).regions;
      const newRegion = parsed.regions.map((r) => r.name).join('和');
      if (before.length > 0) {
        for (const r of before) rewritten = rewritten.split(r.text).join('\u0000');
        rewritten = rewritten.replace(/\u0000(?:\u0000|和|与|、)*/, newRegion).split('\u0000').join('');
      } else {
        rewritten = newRegion + rewritten;
      }
    }
    if (years.length > 0) {
      const year = years[0] ?? '';
      rewritten = HAS_YEAR.test(rewritten) ? rewritten.replace(YEAR, year) : year + rewritten;
    }
    return { question: rewritten, inheritedRegions: [] };
  }
  if (parsed.regions.length === 0 && previous.regions.length > 0) {
    const stem = question.trim().replace(PRONOUN, '');
    return { question: `${previous.regions.join('和')}${stem}`, inheritedRegions: previous.regions };
  }
  return { question, inheritedRegions: [] };
}
