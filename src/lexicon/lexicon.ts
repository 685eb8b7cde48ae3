import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { foldText } from '../ingest/normalize.js';
import { englishKey } from './english-words.js';
import { PhraseMatcher } from './phrase-matcher.js';

/**
 * The language of the domain, kept as plain data files in `data/` so that people who know the field
 * can extend them without touching code: a thesaurus of concepts (Chinese words and English phrases),
 * the qualifiers and unit families of figures, the words questions ask with, stop words.
 */

const dataFile = (name: string): string => fileURLToPath(new URL(`./data/${name}`, import.meta.url));

/** Lines of a data file without comments and blanks. */
function dataLines(name: string): string[] {
  return readFileSync(dataFile(name), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0);
}

/** `name | 中文 words | English; phrases` lines as their three fields. */
function fieldLines(name: string): { name: string; zh: string[]; en: string[] }[] {
  return dataLines(name).map((line) => {
    const [head = '', zh = '', en = ''] = line.split('|').map((f) => f.trim());
    return {
      name: head,
      zh: zh.split(/\s+/).map((w) => foldText(w)).filter(Boolean),
      en: en.split(';').map((p) => p.trim().toLowerCase()).filter(Boolean),
    };
  });
}

/** `family | units | Chinese nouns | English nouns` lines of the unit families. */
function unitLines(): { family: UnitFamily; units: string[]; nouns: string[]; en: string[] }[] {
  return dataLines('units.txt').map((line) => {
    const [family = '', units = '', nouns = '', en = ''] = line.split('|').map((f) => f.trim());
    return {
      family: family as UnitFamily,
      units: units.split(/\s+/).filter(Boolean),
      nouns: nouns.split(/\s+/).map((w) => foldText(w)).filter(Boolean),
      en: en.split(';').map((p) => p.trim().toLowerCase()).filter(Boolean),
    };
  });
}

/** A concept of the thesaurus: the words that name it in Chinese and in English. */
export interface Concept {
  readonly id: string;
  readonly zh: readonly string[];
  readonly en: readonly string[];
  /** A headline measure: what a bureau's year is summed up by (marked * in the thesaurus). */
  readonly headline: boolean;
  /** A word for what any count is of (案件, 群众; marked ~): it says the unit, not the measure. */
  readonly generic: boolean;
}

export type QualifierId = 'total' | 'part' | 'received' | 'refused' | 'filed' | 'closed' | 'success' | 'onBooks' | 'new' | 'cumulative' | 'change' | 'target' | 'rate';
export const QUALIFIERS: readonly QualifierId[] = ['total', 'part', 'received', 'refused', 'filed', 'closed', 'success', 'onBooks', 'new', 'cumulative', 'change', 'target', 'rate'];

export type UnitFamily =
  | 'cases' | 'people' | 'personTimes' | 'events' | 'money' | 'percent' | 'institutions' | 'documents' | 'items' | 'objects' | 'duration' | 'quantity' | 'other';

export type Cue =
  | 'figure' | 'list' | 'yesno' | 'confirm' | 'when' | 'most' | 'least' | 'across' | 'problems' | 'plans' | 'overview' | 'whatis' | 'summary' | 'compare' | 'chatter';

/** How a sentence denies (没有, not), what only looks like it (不断, 未成年人), and declining to answer (未提及). */
export type ClaimWord = 'negation' | 'affirmative' | 'refusal';

export interface Lexicon {
  readonly concepts: ReadonlyMap<string, Concept>;
  /** Chinese words (folded) → the concepts they name. */
  readonly conceptTerms: PhraseMatcher<string>;
  /** English phrases (normalised keys) → the concepts they name. */
  readonly englishConcepts: PhraseMatcher<string>;
  readonly qualifierTerms: PhraseMatcher<QualifierId>;
  readonly englishQualifiers: PhraseMatcher<QualifierId>;
  /** Units as written after a number (件, 人次, 元 …) → family. */
  readonly unitFamilies: ReadonlyMap<string, UnitFamily>;
  /** Nouns that imply a family in a question (纠纷 → cases). */
  readonly familyNouns: PhraseMatcher<UnitFamily>;
  readonly englishFamilyNouns: PhraseMatcher<UnitFamily>;
  readonly intentCues: PhraseMatcher<Cue>;
  readonly englishIntentCues: PhraseMatcher<Cue>;
  readonly englishStopWords: ReadonlySet<string>;
  readonly claimWords: PhraseMatcher<ClaimWord>;
  readonly englishClaimWords: PhraseMatcher<ClaimWord>;
  /** Terms the segmenter must keep whole. */
  readonly domainWords: readonly string[];
  readonly stopWords: ReadonlySet<string>;
}

/** English phrases match at word boundaries of the normalised key text (" legal aid case "). */
const wordBoundary = (text: string, start: number, end: number) => (start === 0 || text[start - 1] === ' ') && (end === text.length || text[end] === ' ');

function englishMatcher<T>(entries: readonly (readonly [string, T])[]): PhraseMatcher<T> {
  return new PhraseMatcher(entries.map(([phrase, value]) => [englishKey(phrase), value] as const), wordBoundary);
}

function loadLexicon(): Lexicon {
  const concepts = fieldLines('thesaurus.txt').map((l) => {
    const id = l.name.replace(/^[*~]/, '');
    return { id, zh: [foldText(id), ...l.zh], en: l.en, headline: l.name.startsWith('*'), generic: l.name.startsWith('~') };
  });
  const qualifiers = fieldLines('qualifiers.txt').map((l) => ({ ...l, id: l.name as QualifierId }));
  const units = unitLines();
  const intents = fieldLines('question-words.txt').map((l) => ({ ...l, id: l.name as Cue }));
  const claims = fieldLines('claim-words.txt').map((l) => ({ ...l, id: l.name as ClaimWord }));
  return {
    concepts: new Map(concepts.map((c) => [c.id, c])),
    conceptTerms: new PhraseMatcher(concepts.flatMap((c) => c.zh.map((w) => [w, c.id] as const))),
    englishConcepts: englishMatcher(concepts.flatMap((c) => c.en.map((p) => [p, c.id] as const))),
    qualifierTerms: new PhraseMatcher(qualifiers.flatMap((q) => q.zh.map((w) => [w, q.id] as const))),
    englishQualifiers: englishMatcher(qualifiers.flatMap((q) => q.en.map((p) => [p, q.id] as const))),
    unitFamilies: new Map(units.flatMap((u) => u.units.map((unit) => [unit, u.family] as const))),
    familyNouns: new PhraseMatcher(units.flatMap((u) => u.nouns.map((n) => [n, u.family] as const))),
    englishFamilyNouns: englishMatcher(units.flatMap((u) => u.en.map((p) => [p, u.family] as const))),
    intentCues: new PhraseMatcher(intents.flatMap((i) => i.zh.map((w) => [w, i.id] as const))),
    englishIntentCues: englishMatcher(intents.flatMap((i) => i.en.map((p) => [p, i.id] as const))),
    claimWords: new PhraseMatcher(claims.flatMap((c) => c.zh.map((w) => [w, c.id] as const))),
    englishClaimWords: englishMatcher(claims.flatMap((c) => c.en.map((p) => [p, c.id] as const))),
    englishStopWords: new Set(dataLines('english.txt').flatMap((line) => line.replace(/^stop\s*\|/, '').trim().split(/\s+/))),
    domainWords: dataLines('domain-words.txt').flatMap((line) => line.split(/\s+/)),
    stopWords: new Set(dataLines('stopwords.txt').flatMap((line) => line.split(/\s+/))),
  };
}

let cached: Lexicon | undefined;

export function lexicon(): Lexicon {
  cached ??= loadLexicon();
  return cached;
}

/** The family of a unit as a figure is written (万元 → money, 人次 → personTimes); 'other' when unknown. */
export function unitFamily(unit: string): UnitFamily {
  const families = lexicon().unitFamilies;
  return families.get(unit) ?? families.get(unit.replace(/^[万亿千百]+/, '')) ?? 'other';
}
