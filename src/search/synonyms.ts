import { foldText } from '../ingest/normalize.js';
import { lexicon } from '../index/lexicon.js';

/** Synonyms and abbreviations of the domain (法援 = 法律援助 …), from `src/index/data/synonyms.txt`. */

let groupsByWord: Map<string, readonly string[]> | undefined;

function groups(): Map<string, readonly string[]> {
  if (!groupsByWord) {
    groupsByWord = new Map();
    for (const group of lexicon().synonymGroups) {
      const folded = group.map(foldText);
      for (const word of folded) groupsByWord.set(word, [...new Set([...(groupsByWord.get(word) ?? []), ...folded])]);
    }
  }
  return groupsByWord;
}

/**
 * The word and every word that means the same (folded), compounds included: 法律援助案件 is also
 * 法援案件, by swapping the longest synonym it holds.
 */
export function variantsOf(word: string): readonly string[] {
  const exact = groups().get(word);
  if (exact) return exact;
  const variants = new Set([word]);
  for (const group of lexicon().synonymGroups) {
    const members = group.map(foldText);
    const held = members.filter((m) => m.length >= 2 && word.includes(m)).sort((a, b) => b.length - a.length)[0];
    if (held) for (const m of members) variants.add(word.replace(held, m));
  }
  return [...variants];
}

/** Terms followed by their synonym expansions, without repeats. */
export function expandTerms(terms: readonly string[]): string[] {
  return [...new Set(terms.flatMap((t) => [t, ...variantsOf(t)]))];
}

/**
 * Synonym words a text holds that its segmentation missed (律所有几家 is cut 律/所有/几家),
 * leaving out those already inside one of the terms.
 */
export function synonymWordsIn(folded: string, terms: readonly string[]): string[] {
  return [...groups().keys()].filter((w) => w.length >= 2 && folded.includes(w) && !terms.some((t) => t.includes(w)));
}
