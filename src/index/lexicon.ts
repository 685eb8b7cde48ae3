import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The domain's word lists, kept as plain data files in `data/` so that people who know the
 * field can extend them without touching code.
 */
const dataFile = (name: string): string => fileURLToPath(new URL(`./data/${name}`, import.meta.url));

/** Lines of a data file without comments and blanks, split at white space. */
function readLines(name: string): string[][] {
  return readFileSync(dataFile(name), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0)
    .map((line) => line.split(/\s+/));
}

export interface Lexicon {
  /** Terms the segmenter must keep whole. */
  readonly domainWords: readonly string[];
  readonly stopWords: ReadonlySet<string>;
  /** Groups of words that mean the same; the first of a group is the canonical term. */
  readonly synonymGroups: readonly (readonly string[])[];
}

let cached: Lexicon | undefined;

export function lexicon(): Lexicon {
  cached ??= {
    domainWords: readLines('domain-words.txt').flat(),
    stopWords: new Set(readLines('stopwords.txt').flat()),
    synonymGroups: readLines('synonyms.txt'),
  };
  return cached;
}
