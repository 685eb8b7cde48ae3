import { findNumbers, UNITS } from '../ingest/numbers.js';
import type { Span } from '../ingest/types.js';
import { taggedWords } from '../index/tokenizer.js';
import { conceptMentions, isGeneric } from '../lexicon/concepts.js';
import { lexicon, unitFamily, type QualifierId, type UnitFamily } from '../lexicon/lexicon.js';
import type { PhraseMatch } from '../lexicon/phrase-matcher.js';
import type { Ask, Measure, StatedFigure } from './types.js';

/**
 * What a Chinese question measures, read from what is left once its places, times and question
 * words are set aside: the thesaurus concepts it names, its other content words (nouns essential,
 * verbs and the like supporting), the unit family asked (多少人, 几件, 多少钱) and the qualifiers
 * (办结, 同比, 力争, 率 …). A figure it states ("87起") is kept for checking.
 */

/** Marks a masked character: it never joins a word. */
const MASK = '|';
const UNIT_ALTERNATION = [...UNITS].sort((a, b) => b.length - a.length).map((u) => u.replace(/[%‰]/g, '\\$&')).join('|');
/** 多少件, 几名, 多少人次, 百分之几: the quantity asked and its unit. */
const QUANTITY = new RegExp(`(?:多少|(?<!哪)几)(${UNIT_ALTERNATION})?|百分之几|百分比`, 'g');
/** Parts of speech of words that name what is counted (jieba's tags): nouns, verbal nouns, unknown words, abbreviations. */
const NAMING_TAG = /^(?:n|vn|x|j|l|i|eng)/;

export interface ContentReading extends Measure {
  readonly stated?: StatedFigure;
}

function mask(text: string, spans: readonly Span[]): string {
  const chars = text.split('');
  for (const { start, end } of spans) chars.fill(MASK, start, end);
  return chars.join('');
}

/** The family the quantity's own unit says (几件 → cases), or a family noun right after it (几个人 → people). */
function quantityFamily(folded: string): { family?: UnitFamily; spans: Span[]; unitNamed: boolean } {
  const spans: Span[] = [];
  let family: UnitFamily | undefined;
  let unitNamed = false;
  for (const m of folded.matchAll(QUANTITY)) {
    spans.push({ start: m.index, end: m.index + m[0].length });
    const unit = m[1];
    if (m[0].startsWith('百分')) family ??= 'percent';
    if (!unit) continue;
    unitNamed = true;
    const next = lexicon().familyNouns.scan(folded.slice(m.index + m[0].length, m.index + m[0].length + 4))[0];
    // 个 counts anything: what it counts is said by the noun after it (几个人) or elsewhere in the question
    if (unit === '个') family ??= next?.start === 0 ? next.values[0] : nounFamily(folded, spans) ?? 'institutions';
    else family ??= unitFamily(unit);
  }
  return { ...(family ? { family } : {}), spans, unitNamed };
}

/** The family the question's nouns imply (纠纷 → cases, 金额 → money), the noun nearest the end winning. */
/**
 * The family the question's nouns imply (纠纷 → cases, 群众 → people): the noun right after the quantity
 * word ("多少群众"), else the last one before it. A noun inside a longer word counts only as its head
 * (案子 of 法援案子, not 人 of 人民调解): Chinese compounds end in what they are.
 */
function nounFamily(folded: string, quantity: readonly Span[]): UnitFamily | undefined {
  const words = conceptMentions(folded);
  const nouns = lexicon()
    .familyNouns.scan(folded)
    .filter((n) => !words.some((w) => w.start <= n.start && n.end <= w.end && n.end !== w.end));
  const asked = quantity[0];
  if (!asked) return nouns.at(-1)?.values[0];
  const after = nouns.find((n) => n.start >= asked.end && n.start - asked.end <= 6);
  const before = nouns.filter((n) => n.end <= asked.start).at(-1);
  return (after ?? before ?? nouns.at(-1))?.values[0];
}

/** A figure the question states, with its unit: "87起", "二百零六名", "64.9%". */
function statedFigure(folded: string): { stated?: StatedFigure; span?: Span } {
  const token = findNumbers(folded).find((t) => t.kind === 'figure' && (t.unit !== '' || t.scale > 1));
  return token ? { stated: { raw: token.raw, value: token.value, unit: token.unit }, span: token } : {};
}

function qualifiersIn(text: string): { found: PhraseMatch<QualifierId>[] } {
  return { found: lexicon().qualifierTerms.scan(text) };
}

/**
 * Content words outside the thesaurus: a noun names what is counted, a verb or adverb only how. The
 * question is segmented whole (a piece between masks cuts badly) and words that overlap what is
 * already accounted for are left out.
 */
function plainAsks(folded: string, taken: readonly Span[]): Ask[] {
  const { stopWords } = lexicon();
  const out: Ask[] = [];
  let at = 0;
  for (const { word, tag } of taggedWords(folded)) {
    const span = { start: at, end: at + word.length };
    at = span.end;
    if (taken.some((t) => span.start < t.end && t.start < span.end)) continue;
    if (word.length < 2 || stopWords.has(word) || !/[\p{Script=Han}a-z]/u.test(word) || tag === 'm') continue;
    out.push({ text: word, concepts: [], essential: NAMING_TAG.test(tag), at: span.start, ...(tag === 'x' ? { unknown: true } : {}) });
  }
  return out;
}

/** The clause holding the quantity asked ("收到的申请中，立案受理的有几宗" → 立案受理的有几宗): its qualifiers are the ones asked. */
function quantityClause(folded: string, quantity: readonly Span[]): Span {
  const [first] = quantity;
  if (!first) return { start: 0, end: folded.length };
  const before = folded.slice(0, first.start).search(/[，,；;][^，,；;]*$/);
  const after = folded.slice(first.end).search(/[，,；;？?。]/);
  return { start: before >= 0 ? before + 1 : 0, end: after >= 0 ? first.end + after : folded.length };
}

/**
 * Reads the measure of a folded question; `blanks` are the spans already accounted for (places,
 * times, question and chatter words).
 */
export function readContent(folded: string, blanks: readonly Span[]): ContentReading {
  const quantity = quantityFamily(folded);
  const figure = statedFigure(mask(folded, blanks));
  const text = mask(folded, [...blanks, ...quantity.spans, ...(figure.span ? [figure.span] : [])]);
  const concepts = conceptMentions(text);
  const conceptAsks: Ask[] = concepts.map((m) => ({ text: m.phrase, concepts: m.values, essential: true, at: m.start }));
  const outside = mask(text, concepts);
  const own = qualifiersIn(outside);
  // a concept may say a qualifier too (调解成功: success); one character (共 of 公共) is no word there
  const inConcepts = concepts.flatMap((c) => lexicon().qualifierTerms.scan(c.phrase).filter((q) => q.phrase.length >= 2).map((q) => ({ ...q, start: c.start })));
  const clause = quantityClause(folded, quantity.spans);
  const inClause = [...own.found, ...inConcepts].filter((q) => q.start >= clause.start && q.start < clause.end);
  // "提升到多少": a level asked, not a change
  const levels = (q: PhraseMatch<QualifierId>) => !(q.values.includes('change') && /^[到至]/.test(folded.slice(q.end)));
  const qualifiers = [...new Set((inClause.length ? inClause : [...own.found, ...inConcepts]).filter(levels).flatMap((q) => q.values))];
  const taken = [...blanks, ...quantity.spans, ...(figure.span ? [figure.span] : []), ...concepts, ...own.found];
  // a question naming nothing but how a figure counts ("年末在册多少人") is asked by those words
  const named = [...conceptAsks, ...plainAsks(folded, taken)];
  const byQualifier = named.some((a) => a.essential) ? [] : own.found.map((q): Ask => ({ text: q.phrase, concepts: [], essential: true, at: q.start }));
  // a word that only says what kind of thing is counted (案件, 纠纷, 人员) is the unit's, not the measure's
  const asks = dedupe([...named, ...byQualifier])
    .map((a) => ((a.concepts.length === 0 && lexicon().familyNouns.get(a.text)) || (a.concepts.length > 0 && a.concepts.every(isGeneric)) ? { ...a, essential: false } : a))
    .sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  // a change asked without its own unit is a change of whatever the question counts: its unit is the report's (件 or %)
  // "X中Y", "X里面Y": a localizer between two words asks for the part Y of X
  if (taggedWords(text).some((w) => w.tag === 'f' && /^(?:中|里|里面|当中|之中)$/.test(w.word))) qualifiers.push('part');
  const statedFamily = figure.stated?.unit ? unitFamily(figure.stated.unit) : undefined;
  const family = qualifiers.includes('change') && !quantity.unitNamed ? undefined : quantity.family ?? statedFamily ?? (qualifiers.includes('rate') ? 'percent' : nounFamily(folded, quantity.spans));
  return { asks, qualifiers, ...(family ? { family } : {}), ...(figure.stated ? { stated: figure.stated } : {}) };
}

function dedupe(asks: readonly Ask[]): Ask[] {
  const seen = new Set<string>();
  return asks.filter((a) => !seen.has(a.text) && seen.add(a.text));
}
