import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jieba from 'nodejieba';
import { foldText } from '../ingest/normalize.js';
import { lexicon } from '../lexicon/lexicon.js';

/**
 * Chinese tokenizer for indexing and queries. Its input is folded text (`foldText`: Simplified,
 * half-width, lower-case ASCII), as chunks carry it and as the query parser makes it. Keeps figures
 * (11228, 99.97%, 2067.31万元) and Latin words (gdp) whole, segments the rest with jieba and a
 * user dictionary of the domain and of the index's region and bureau names.
 */

/** Figures and Latin words, cut out before jieba (which splits 2067.31 into single digits). */
const WHOLE_TOKEN = /\d+(?:\.\d+)?[万亿千]?(?:%|‰|元)?|[a-z][a-z0-9]*/g;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const CJK_RUN = /\p{Script=Han}{2,}/gu;
/** Prefix that keeps character bigrams apart from words in one keyword vocabulary. */
export const BIGRAM_PREFIX = '~';

/** jieba's dictionary is process-wide, so the words already given to it are too. */
const insertedWords = new Set<string>();

/** Adds words the segmenter must keep whole (idempotent). */
export function addDictionaryWords(words: Iterable<string>): void {
  loadDomainDictionary();
  for (const word of words) {
    const folded = foldText(word).trim();
    if (folded.length < 2 || insertedWords.has(folded)) continue;
    insertedWords.add(folded);
    jieba.insertWord(folded);
  }
}

/**
 * jieba's dictionary without its rarest words (mostly names and idioms; its HMM still segments
 * them): a third of the words, 130 MB less memory and a fraction of the load time. Made once
 * from the installed dictionary and kept in the temp dir.
 */
const MIN_WORD_FREQUENCY = 5;

function compactDictionary(): string {
  const source = (jieba as unknown as { DEFAULT_DICT: string }).DEFAULT_DICT;
  const { size, mtimeMs } = statSync(source);
  const target = path.join(os.tmpdir(), `jieba-dict-f${MIN_WORD_FREQUENCY}-${size}-${Math.round(mtimeMs)}.utf8`);
  if (!existsSync(target)) {
    const kept = readFileSync(source, 'utf8')
      .split('\n')
      .filter((line) => Number(line.split(' ')[1]) >= MIN_WORD_FREQUENCY);
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, `${kept.join('\n')}\n`);
    renameSync(temp, target);
  }
  return target;
}

let domainLoaded = false;
function loadDomainDictionary(): void {
  if (domainLoaded) return;
  domainLoaded = true;
  // jieba's own IDF table (6 MB) serves keyword extraction, which is not used here: a one-line one loads fast.
  jieba.load({ dict: compactDictionary(), idfDict: fileURLToPath(new URL('../lexicon/data/jieba-idf.utf8', import.meta.url)) });
  const { domainWords, conceptTerms } = lexicon();
  addDictionaryWords(domainWords);
  addDictionaryWords(conceptTerms.phrases());
}

type Segmenter = (text: string) => string[];

/** Splits folded text into figures/Latin words and segmented Chinese. */
function segment(folded: string, cut: Segmenter): string[] {
  loadDomainDictionary();
  const lower = folded.toLowerCase();
  const tokens: string[] = [];
  let last = 0;
  for (const match of lower.matchAll(WHOLE_TOKEN)) {
    if (match.index > last) tokens.push(...cut(lower.slice(last, match.index)));
    tokens.push(match[0]);
    last = match.index + match[0].length;
  }
  if (last < lower.length) tokens.push(...cut(lower.slice(last)));
  return tokens;
}

function isContent(token: string): boolean {
  if (!HAS_WORD_CHAR.test(token)) return false;
  if (isStopWord(token)) return false;
  // A lone Chinese character says little; character bigrams cover it for keyword search.
  return !(token.length === 1 && /\p{Script=Han}/u.test(token));
}

/** Every token of a text in order, stop words and punctuation included: joined, they give the text back. */
export function segments(folded: string): string[] {
  return segment(folded, (s) => jieba.cut(s));
}

export function isStopWord(token: string): boolean {
  return lexicon().stopWords.has(token);
}

/** Content words of a text (jieba's precise mode), for query terms and coverage checks. */
export function words(folded: string): string[] {
  return segment(folded, (s) => jieba.cut(s)).filter(isContent);
}

/** Words plus their dictionary sub-words (jieba's search mode), for the keyword index. */
export function searchWords(folded: string): string[] {
  return segment(folded, (s) => jieba.cutForSearch(s)).filter(isContent);
}

/** A word of a text with its part of speech (jieba's tags: n noun, v verb, m numeral, x unknown …). */
export interface TaggedWord {
  readonly word: string;
  readonly tag: string;
}

/** The words of folded text with their parts of speech; figures and Latin words stay whole (tagged m and eng). */
export function taggedWords(folded: string): TaggedWord[] {
  loadDomainDictionary();
  const out: TaggedWord[] = [];
  let last = 0;
  const tag = (s: string) => out.push(...jieba.tag(s).map(({ word, tag }) => ({ word, tag })));
  for (const match of folded.matchAll(WHOLE_TOKEN)) {
    if (match.index > last) tag(folded.slice(last, match.index));
    out.push({ word: match[0], tag: /^\d/.test(match[0]) ? 'm' : 'eng' });
    last = match.index + match[0].length;
  }
  if (last < folded.length) tag(folded.slice(last));
  return out;
}

/** Character bigrams of the Chinese runs, robust to segmentation differences. */
export function bigrams(folded: string): string[] {
  const out: string[] = [];
  for (const run of folded.matchAll(CJK_RUN)) {
    const chars = [...run[0]];
    for (let i = 0; i + 1 < chars.length; i++) out.push(BIGRAM_PREFIX + chars[i] + chars[i + 1]);
  }
  return out;
}

/** Every token the keyword index holds for a text. */
export function keywordTokens(folded: string): string[] {
  return [...searchWords(folded), ...bigrams(folded)];
}
