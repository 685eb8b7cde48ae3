import type { Period } from '../ingest/types.js';
import type { QualifierId, UnitFamily } from '../lexicon/lexicon.js';

/**
 * A chat message read once into what it asks: where (scope), what kind of answer (intent), and
 * what is measured (the content words with their concepts, the unit, the qualifiers). Search and
 * every answer kind read this one model, so they can never disagree about a question.
 */

/** A place the question names, resolved against the reports and the gazetteer. */
export interface RegionRef {
  /** As written, e.g. 梁平區, 阳山, Yangshan. */
  readonly text: string;
  /** Canonical name, e.g. 梁平区; 全国 for the whole country. */
  readonly name: string;
  /** The indexed regions it stands for (a city covers the counties of it that have reports); empty when none. */
  readonly regions: readonly string[];
  /** The region itself has a report (not only a county under it). */
  readonly own: boolean;
}

export interface Scope {
  readonly regions: readonly RegionRef[];
  /** Years named (2024, 二〇二四年); empty when none. */
  readonly years: readonly number[];
  /** 今年 / 去年 / 前年: years back from the current one. */
  readonly yearsBack?: number;
  readonly period?: Period;
  /** Something that reads as a place no gazetteer knows (火星县). */
  readonly unknownPlace?: string;
}

/** One content unit of the question: a word, with the concepts of the thesaurus it names (none for a plain word). */
export interface Ask {
  /** The word as the question has it, folded (律所). */
  readonly text: string;
  readonly concepts: readonly string[];
  /** Names what is counted (a concept or a noun), not how (verbs, adverbs): a report that never names it does not answer. */
  readonly essential: boolean;
  /** Where it stands in the question (folded offsets), when read from it. */
  readonly at?: number;
  /** A word the segmenter does not know (a cut of two words, a typo): if no report holds it either, it names nothing. */
  readonly unknown?: boolean;
}

/** What the question measures. */
export interface Measure {
  readonly asks: readonly Ask[];
  /** The unit family asked for (多少人 → people), when the question says. */
  readonly family?: UnitFamily;
  /** What the question asks of the figure beyond its subject: closed, change, target, rate … */
  readonly qualifiers: readonly QualifierId[];
}

/** A figure the question states ("收到行政复议申请87起，对吗？"), to be checked. */
export interface StatedFigure {
  readonly raw: string;
  readonly value: number;
  readonly unit: string;
}

export type Intent =
  /** A figure (how many, what rate, how much). */
  | 'figure'
  /** Items: 有哪些, 哪几类. */
  | 'list'
  /** 有没有, 是不是, 吗; with a stated figure, a premise to check. */
  | 'yesno'
  /** A date or period: 什么时候, 哪天落款. */
  | 'when'
  /** A figure across regions: which has the most/least, or each one's. */
  | 'rank'
  | 'problems'
  | 'plans'
  /** What was done (做了哪些工作). */
  | 'overview'
  /** How or what something is: quote the passages that say it. */
  | 'passage'
  | 'summary'
  | 'compare'
  /** About the library itself: which reports are there. */
  | 'library';

export interface Question {
  /** The message as it was cleaned (markup and surplus white space gone). */
  readonly text: string;
  /** Simplified, half width, lower case. */
  readonly folded: string;
  readonly language: 'zh' | 'en';
  readonly scope: Scope;
  readonly intent: Intent;
  /** For rankings. */
  readonly direction?: 'most' | 'least';
  readonly measure: Measure;
  readonly stated?: StatedFigure;
  /** The parts of a question that asks several things ("受理了多少，办结了多少？"), each a question of its own. */
  readonly parts: readonly Question[];
  /**
   * A clause stating a figure the question rests on ("办理公证269件，涉及标的额多少？"), read as a yes/no
   * question to check before the rest is answered.
   */
  readonly premise?: Question;
  /** Set when the message followed up on the previous question: what it was taken to mean. */
  readonly followUp?: FollowUpNote;
}

export interface FollowUpNote {
  readonly regions: readonly string[];
  /** The topic carried over or asked, in words (法律援助案件). */
  readonly topic: string;
}

/** What a question leaves for the next one to follow up on (kept in chat sessions: plain JSON). */
export interface QuestionContext {
  readonly text: string;
  readonly regions: readonly string[];
  readonly years: readonly number[];
  readonly period?: Period;
  readonly intent: Intent;
  readonly asks: readonly Ask[];
  readonly family?: UnitFamily;
  readonly qualifiers: readonly QualifierId[];
}
