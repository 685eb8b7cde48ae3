/**
 * English text as the lexicon matches it: lower case, words only, each word in its singular form
 * ("Legal-aid cases" → "legal aid case"), so a phrase and a question meet whatever their inflection.
 */

/** The singular of a regular English plural (cases → case, activities → activity); other words unchanged. */
export function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is|ics)$/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** The English words of a text, lower case and singular. */
export function englishWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9%]+/)
    .filter(Boolean)
    .map(singular);
}

/** The key a phrase or a text is matched by: its words joined by single spaces. */
export function englishKey(text: string): string {
  return englishWords(text).join(' ');
}

/** Whether a text is written in English: more Latin letters than Chinese characters. */
export function isEnglish(text: string): boolean {
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return latin > 2 * han && latin >= 6;
}
