import { englishKey } from './english-words.js';
import { lexicon } from './lexicon.js';
import type { PhraseMatch } from './phrase-matcher.js';
import { pinyinKey } from './pinyin.js';

/**
 * The thesaurus at work: which concepts a text names (律所 names 律师事务所), and every Chinese word
 * that names a concept, for searching and for matching passages.
 */

/** The concept mentions of a folded Chinese text, longest words first. */
export function conceptMentions(folded: string): PhraseMatch<string>[] {
  return lexicon().conceptTerms.scan(folded);
}

/** The concepts an English text names ("legal aid cases" → 法律援助案件). */
export function englishConceptMentions(text: string): PhraseMatch<string>[] {
  return lexicon().englishConcepts.scan(englishKey(text));
}

/** The set of concepts a folded text names. */
export function conceptsIn(folded: string): Set<string> {
  return new Set(conceptMentions(folded).flatMap((m) => m.values));
}

/** Every Chinese word of the concepts (folded). */
export function conceptWords(ids: Iterable<string>): string[] {
  const { concepts } = lexicon();
  return [...new Set([...ids].flatMap((id) => concepts.get(id)?.zh ?? []))];
}

/** The concept's own name: the written term (法律援助 for 法援). */
export function conceptName(id: string): string {
  return lexicon().concepts.get(id)?.zh[0] ?? id;
}

let byPinyin: Map<string, string[]> | undefined;

/**
 * The concepts a word may be a typing slip for: a Chinese word typed by its sound (调节 for 调解,
 * 行事 for 刑事, 公正 for 公证) has the pinyin of the word meant. Only for words no report holds.
 */
export function homophoneConcepts(word: string): string[] {
  if (!byPinyin) {
    byPinyin = new Map();
    for (const [term, concepts] of [...lexicon().conceptTerms.phrases()].map((t) => [t, lexicon().conceptTerms.get(t) ?? []] as const)) {
      if (term.length < 2 || !/^\p{Script=Han}+$/u.test(term)) continue;
      const key = pinyinKey(term);
      byPinyin.set(key, [...new Set([...(byPinyin.get(key) ?? []), ...concepts])]);
    }
  }
  return byPinyin.get(pinyinKey(word)) ?? [];
}

/** Whether the concept is a headline measure of a bureau's year. */
export function isHeadline(id: string): boolean {
  return lexicon().concepts.get(id)?.headline ?? false;
}

/** Whether the concept only says what kind of thing is counted (案件, 群众). */
export function isGeneric(id: string): boolean {
  return lexicon().concepts.get(id)?.generic ?? false;
}
