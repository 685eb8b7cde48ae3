import { findRegionMentions } from '../ingest/gazetteer.js';
import { foldText } from '../ingest/normalize.js';
import type { Span } from '../ingest/types.js';
import { isEnglish } from '../lexicon/english-words.js';
import { lexicon, type Cue } from '../lexicon/lexicon.js';
import { readContent, type ContentReading } from './content.js';
import { readEnglish } from './english.js';
import { followUp } from './follow-up.js';
import { readIntent } from './intent.js';
import { findRegions, unknownPlaceIn, type LocatedRegion, type RegionDirectory } from './regions.js';
import { readTimeScope } from './scope.js';
import type { Ask, Question, QuestionContext, RegionRef, Scope } from './types.js';

/**
 * Reads a chat message once into a `Question`: its scope (places, years, part of the year), what
 * kind of answer it wants, what it measures, the parts of a question that asks several things, and
 * — given the previous question of the chat — what a follow-up ("那梁平区呢？") means.
 */

export interface ParseOptions {
  readonly directory: RegionDirectory;
  readonly previous?: QuestionContext;
}

/** "有哪些报告？", "你们收录了哪些地区？": about the library itself. */
const ABOUT_LIBRARY = /(?:哪些|什么|几份|多少份|几个|多少个)(?:地区|地方|报告|司法局|区县|县区)|报告库|覆盖(?:了)?哪些|收录(?:了)?(?:哪些|什么)?|which reports|what reports/g;
const LIBRARY_FILLER = /[\s\p{P}\p{S}]|你们|您们|你|您|有|的|了|吗|呢|现在|目前|一共|共|都|里|中|可以|能|查询|问|关于|范围|已|do|you|have|are|there|the/gu;

function isLibraryQuestion(folded: string): boolean {
  if (folded.search(ABOUT_LIBRARY) < 0) return false;
  return folded.replace(ABOUT_LIBRARY, '').replace(LIBRARY_FILLER, '').length <= 2;
}

/** Where a question asks one thing of several: each clause with its own quantity word is a part. */
const CLAUSE_BREAK = /[，,；;？?。]+/;
const ASKS_QUANTITY = /多少|(?<!哪)几[个名件宗起人次场项家所条份位部期批天]|比例|占比|百分之|率(?:是|为|有)?(?:多少|几)|how many|how much/;

interface Reading {
  readonly scope: Scope;
  readonly regions: readonly LocatedRegion[] | readonly RegionRef[];
  readonly cues: readonly Cue[];
  readonly content: ContentReading;
  readonly asksFigure: boolean;
}

/** 问题 that runs on into a name ("重放轻管问题专项整治") names a measure, not the problems of a report; particles may follow it. */
const RUNS_ON = /^(?![呢吗吧和及与、的是有在都还么啊呀哪没])\p{Script=Han}/u;

function cueSpans(folded: string, taken: readonly Span[]): { cues: Cue[]; spans: Span[] } {
  const free = (s: Span) => !taken.some((t) => s.start < t.end && t.start < s.end);
  const found = lexicon()
    .intentCues.scan(folded)
    .filter(free)
    .filter((m) => !(m.values.includes('problems') && RUNS_ON.test(folded.slice(m.end))));
  return { cues: found.flatMap((m) => m.values), spans: found };
}

function readChinese(text: string, folded: string, directory: RegionDirectory): Reading {
  const regions = findRegions(text, directory);
  const time = readTimeScope(folded);
  const unknownPlace = unknownPlaceIn(text, regions);
  // every place named counts as scope, not content: a parent that only qualifies its child (浙江省慈溪市) too
  const placeSpans: Span[] = [...regions, ...findRegionMentions(text), ...time.spans];
  const { cues, spans } = cueSpans(folded, placeSpans);
  const content = readContent(folded, [...placeSpans, ...spans]);
  const scope: Scope = {
    regions: regions.map(({ text: t, name, regions: r, own }) => ({ text: t, name, regions: r, own })),
    years: time.years,
    ...(time.yearsBack !== undefined ? { yearsBack: time.yearsBack } : {}),
    ...(time.period ? { period: time.period } : {}),
    ...(unknownPlace ? { unknownPlace } : {}),
  };
  // a rate named with a question word asks a figure ("通过率是多少"), unless the question asks for items or yes/no
  const rateAsked = content.qualifiers.includes('rate') && cues.length > 0 && !cues.some((c) => c === 'yesno' || c === 'list' || c === 'when');
  const asksFigure = ASKS_QUANTITY.test(folded) || cues.includes('figure') || rateAsked;
  return { scope, regions, cues, content, asksFigure };
}

function readInEnglish(text: string, folded: string, directory: RegionDirectory): Reading {
  const english = readEnglish(text, folded, directory);
  const chinese = findRegions(text, directory);
  const regions = [...chinese.map(({ text: t, name, regions: r, own }) => ({ text: t, name, regions: r, own })), ...english.regions.filter((r) => !chinese.some((c) => c.name === r.name))];
  const time = readTimeScope(folded);
  const scope: Scope = {
    regions,
    years: time.years,
    ...(time.yearsBack !== undefined ? { yearsBack: time.yearsBack } : {}),
    ...(time.period ? { period: time.period } : {}),
  };
  const family = english.qualifiers.includes('rate') ? 'percent' : english.family;
  const content: ContentReading = { asks: english.asks, qualifiers: english.qualifiers, ...(family ? { family } : {}) };
  const asksFigure = english.cues.includes('figure') || (english.qualifiers.includes('rate') && english.cues.some((c) => c === 'figure' || c === 'most' || c === 'least'));
  return { scope, regions, cues: english.cues, content, asksFigure };
}

function questionFrom(text: string, folded: string, language: 'zh' | 'en', reading: Reading, parts: readonly Question[], premise?: Question): Question {
  const { scope, cues, content, asksFigure } = reading;
  const covered = new Set(scope.regions.flatMap((r) => r.regions));
  const { intent, direction } = isLibraryQuestion(folded)
    ? { intent: 'library' as const, direction: undefined }
    : readIntent({
        cues,
        asksFigure: asksFigure || parts.length > 1,
        statesFigure: content.stated !== undefined,
        coveredRegions: covered.size,
        namedPlaces: scope.regions.length + (scope.unknownPlace ? 1 : 0),
        hasContent: content.asks.some((a) => a.essential),
      });
  const { stated, ...rest } = content;
  // a figure stated in a question that is not a premise to check names the passage it comes from ("675名党政领导做了什么")
  const measure = stated && intent !== 'yesno' && !premise ? { ...rest, asks: [...rest.asks, { text: foldText(stated.raw), concepts: [], essential: true }] } : rest;
  return {
    text,
    folded,
    language,
    scope,
    intent,
    ...(direction ? { direction } : {}),
    measure,
    ...(stated ? { stated } : {}),
    parts,
    ...(premise ? { premise } : {}),
  };
}

/** A clause asks something when it holds a quantity word or a question word. */
function clauseAsks(folded: string): boolean {
  return ASKS_QUANTITY.test(folded) || lexicon().intentCues.scan(folded).some((m) => !m.values.includes('chatter'));
}

/**
 * The one clause of a question that states a figure and asks nothing, before or beside a clause that
 * asks ("梁平区2024年办理公证269件，涉及标的额多少？"): a premise, checked as "…269件，对吗？" with the
 * question's scope.
 */
function premiseOf(text: string, whole: Reading, directory: RegionDirectory): { premise: Question; clause: string } | undefined {
  const clauses = text.split(CLAUSE_BREAK).filter((c) => c.trim());
  if (clauses.length < 2 || !clauses.some((c) => clauseAsks(foldText(c)))) return undefined;
  const stating = clauses.filter((c) => !clauseAsks(foldText(c)));
  const readings = stating.map((clause) => ({ clause, reading: readChinese(clause, foldText(clause), directory) })).filter((r) => r.reading.content.stated);
  if (readings.length !== 1) return undefined;
  const { clause, reading } = readings[0]!;
  return { premise: questionFrom(clause, foldText(clause), 'zh', { ...reading, scope: whole.scope, cues: [...reading.cues, 'confirm'] }, []), clause };
}

/**
 * The question beside its premise: the unit and qualifiers are those the other clauses ask (挽回了多少
 * 经济损失 asks money, not the 件 of the premise), and the premise's words only support them when they
 * name something of their own.
 */
function askedBeside(text: string, reading: Reading, clause: string, directory: RegionDirectory): Reading {
  const start = text.indexOf(clause);
  if (start < 0) return reading;
  const masked = text.slice(0, start) + ' '.repeat(clause.length) + text.slice(start + clause.length);
  const { family, qualifiers } = readChinese(masked, foldText(masked), directory).content;
  const inPremise = (a: Ask) => a.at !== undefined && a.at >= start && a.at < start + clause.length;
  const named = reading.content.asks.some((a) => a.essential && !inPremise(a));
  const asks = reading.content.asks.map((a) => (named && inPremise(a) ? { ...a, essential: false } : a));
  const { family: _premiseFamily, ...content } = reading.content;
  return { ...reading, content: { ...content, asks, qualifiers, ...(family ? { family } : {}) } };
}

/** The parts of a Chinese question asking several figures, each read with the whole question's scope. */
function partsOf(text: string, whole: Reading, directory: RegionDirectory): Question[] {
  const clauses = text.split(CLAUSE_BREAK).filter((c) => ASKS_QUANTITY.test(foldText(c)));
  if (clauses.length < 2) return [];
  const parts: Question[] = [];
  for (const clause of clauses) {
    const folded = foldText(clause);
    const own = readChinese(clause, folded, directory);
    const before = (parts.at(-1)?.measure.asks ?? []).filter((a) => a.essential);
    // a later part is about what the part before it named ("…调处了多少件民间纠纷，成功了多少件"): those words
    // carry over, as the subject when it names nothing of its own, else as context ("这些点化解了多少纠纷")
    const named = own.content.asks.some((a) => a.essential);
    const asks = [...own.content.asks, ...before.map((a) => ({ ...a, essential: !named, at: -1 }))];
    const reading: Reading = { ...own, scope: whole.scope, content: { ...own.content, asks } };
    parts.push(questionFrom(clause, folded, 'zh', reading, []));
  }
  return parts;
}

/** Reads one message; `previous` is the chat's last question, for follow-ups. */
export function parseQuestion(text: string, options: ParseOptions): Question {
  const folded = foldText(text);
  const language = isEnglish(text) ? 'en' : 'zh';
  const reading = language === 'en' ? readInEnglish(text, folded, options.directory) : readChinese(text, folded, options.directory);
  const parts = language === 'zh' ? partsOf(text, reading, options.directory) : [];
  const plain = questionFrom(text, folded, language, reading, parts);
  // a yes/no question checks the figure it states itself; any other question checks it first
  const found = language === 'zh' && plain.stated && plain.intent !== 'yesno' ? premiseOf(text, reading, options.directory) : undefined;
  const question = found ? questionFrom(text, folded, language, askedBeside(text, reading, found.clause, options.directory), parts, found.premise) : plain;
  return options.previous ? followUp(question, options.previous) : question;
}

/** The context of an answer about whole reports (a summary, the library): regions and years, no topic. */
export function reportsContext(text: string, regions: readonly string[], years: readonly number[], intent: Question['intent']): QuestionContext {
  return { text, regions, years, intent, asks: [], qualifiers: [] };
}

/** What the next question may follow up on. */
export function contextOf(question: Question): QuestionContext {
  const regions = [...new Set(question.scope.regions.flatMap((r) => r.regions))];
  return {
    text: question.text,
    regions,
    years: [...question.scope.years],
    ...(question.scope.period ? { period: question.scope.period } : {}),
    intent: question.intent,
    asks: question.measure.asks,
    ...(question.measure.family ? { family: question.measure.family } : {}),
    qualifiers: question.measure.qualifiers,
  };
}
