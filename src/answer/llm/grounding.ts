import { foldText } from '../../ingest/normalize.js';
import { englishKey, isEnglish } from '../../lexicon/english-words.js';
import { lexicon, type ClaimWord } from '../../lexicon/lexicon.js';
import { findRegions, type RegionDirectory } from '../../question/regions.js';
import { readTimeScope } from '../../question/scope.js';
import type { Passage } from './types.js';

/**
 * What a sentence says beside its numbers must hold for the passages it cites: it may name only the
 * places and the part of a year those passages are about, and may deny only what they deny. A cited
 * figure put after another region's name, or behind "没有…", is as false as a wrong figure.
 */

export type Check = { readonly ok: true } | { readonly ok: false; readonly reason: string };
export const OK: Check = { ok: true };

/** A folded passage, white space out, for finding words in it. */
export function squash(text: string): string {
  return foldText(text).replace(/\s+/g, '');
}

/** Characters after a negating word that say what it denies (没有受理, 未发生). */
const DENIED_SPAN = 2;

interface ClaimWordMatch {
  readonly kind: ClaimWord;
  readonly start: number;
  readonly end: number;
}

function claimWords(text: string): ClaimWordMatch[] {
  const words = lexicon();
  if (isEnglish(text)) {
    const key = englishKey(text);
    return words.englishClaimWords.scan(key).map((m) => ({ kind: m.values[0]!, start: m.start, end: m.end }));
  }
  return words.claimWords.scan(squash(text)).map((m) => ({ kind: m.values[0]!, start: m.start, end: m.end }));
}

/** The model saying the passages do not answer (报告未提及…): a sentence that claims nothing. */
export function isRefusal(text: string): boolean {
  return claimWords(text).some((w) => w.kind === 'refusal');
}

/**
 * A denial stands only where the cited passages deny the same thing: the negating word with the
 * words it governs must be in them. English passages are Chinese, so an English denial stands only
 * where a cited passage denies something at all.
 */
export function checkNegation(text: string, cited: readonly Passage[]): Check {
  const denials = claimWords(text).filter((w) => w.kind === 'negation');
  if (denials.length === 0) return OK;
  const passages = cited.map((p) => squash(p.text));
  if (isEnglish(text)) {
    if (/^\s*no\b\s*[,.!;:]/i.test(text) && denials.length === 1) return OK;
    const anyDenial = passages.some((p) => lexicon().claimWords.scan(p).some((m) => m.values[0] === 'negation'));
    return anyDenial ? OK : { ok: false, reason: 'denies what the cited passages state' };
  }
  const folded = squash(text);
  for (const denial of denials) {
    if (answersTheQuestion(folded, denial)) continue;
    const said = folded.slice(denial.start, denial.end + DENIED_SPAN);
    if (!passages.some((p) => p.includes(said))) return { ok: false, reason: `denies what the cited passages state: ${said}` };
  }
  return OK;
}

/** 不是，… / 不对，… at the start answers a yes/no question; the rest of the sentence says what is so. */
function answersTheQuestion(folded: string, denial: ClaimWordMatch): boolean {
  return denial.start === 0 && /^[是对]?[\p{P}]/u.test(folded.slice(denial.end));
}

/** Every place the sentence names is the region of a cited passage, or named in one. */
export function checkPlaces(text: string, cited: readonly Passage[], directory: RegionDirectory): Check {
  for (const place of findRegions(text, directory)) {
    const region = cited.some((p) => p.report.meta.region === place.name || place.regions.includes(p.report.meta.region));
    const named = cited.some((p) => squash(p.text).includes(foldText(place.text)) || squash(p.text).includes(foldText(place.name)));
    if (!region && !named) return { ok: false, reason: `names ${place.name}, which the cited passages are not about` };
  }
  return OK;
}

/** A part of a year the sentence names (上半年, first half, 全年) is the period of a cited report, or said in a cited passage. */
export function checkPeriod(text: string, cited: readonly Passage[]): Check {
  const { period } = readTimeScope(foldText(text).toLowerCase());
  if (!period) return OK;
  const stated = cited.some((p) => p.report.meta.period === period || squash(p.text).includes(period));
  return stated ? OK : { ok: false, reason: `says ${period}, which the cited passages do not cover` };
}
