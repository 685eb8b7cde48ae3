import { conceptName } from '../lexicon/concepts.js';
import type { Ask, Question, QuestionContext, RegionRef } from './types.js';

/**
 * A message read against the chat's previous question. "那梁平区呢？" names only a place: it asks the
 * previous question of that place. "那人民调解呢？" names no place: it keeps the previous place and
 * asks about its own topic. "其中民事的呢？" narrows the previous topic. What was carried over is said
 * on the question (`followUp`), so the answer can tell the user how it was read.
 */

/** Asks carried over from the question before only help choose among passages: they are never required. */
function supporting(asks: readonly Ask[]): Ask[] {
  return asks.map((a) => ({ ...a, essential: false }));
}

/** The topic in words: the concepts' written names (法律援助案件), else the words as asked. */
export function topicWords(asks: readonly Ask[]): string {
  const essential = asks.filter((a) => a.essential);
  return [...new Set((essential.length ? essential : asks).map((a) => (a.concepts[0] ? conceptName(a.concepts[0]) : a.text)))].join('、');
}

function inheritedRegions(previous: QuestionContext): RegionRef[] {
  return previous.regions.map((name) => ({ text: '', name, regions: [name], own: true }));
}

export function followUp(question: Question, previous: QuestionContext): Question {
  const { scope, measure } = question;
  if (question.intent === 'library' || question.intent === 'compare' || question.intent === 'summary') return question;
  const namesPlace = scope.regions.length > 0 || scope.unknownPlace !== undefined;
  const ownTopic = measure.asks.some((a) => a.essential);
  const acrossRegions = question.intent === 'rank';
  const keepsPlace = !namesPlace && !acrossRegions && previous.regions.length > 0;
  if (ownTopic && !keepsPlace) return question;

  const regions = keepsPlace ? inheritedRegions(previous) : scope.regions;
  // a new place is asked as reported (its latest report); the same place keeps the years asked before
  const years = scope.years.length || !keepsPlace ? scope.years : previous.years;
  const period = scope.period ?? (keepsPlace ? previous.period : undefined);
  const asks = ownTopic ? [...measure.asks, ...supporting(previous.asks)] : previous.asks;
  // a follow-up with no question word of its own ("提请撤销缓刑的呢") asks what the question before asked
  const intent = question.intent === 'passage' || question.intent === 'overview' ? previous.intent : question.intent;
  return {
    ...question,
    intent,
    scope: { ...scope, regions, years, ...(period ? { period } : {}) },
    measure: {
      asks,
      qualifiers: ownTopic || measure.qualifiers.length ? measure.qualifiers : previous.qualifiers,
      ...((measure.family ?? (ownTopic ? undefined : previous.family)) ? { family: (measure.family ?? previous.family)! } : {}),
    },
    followUp: { regions: [...new Set(regions.flatMap((r) => r.regions))], topic: topicWords(asks) },
  };
}
