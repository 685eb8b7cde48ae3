import type { Question } from '../question/types.js';

/**
 * The rule families of the question model, each one left out in turn by the evaluation's ablation:
 * what a family is worth is what the answers lose without it.
 */

type Strip = (question: Question) => Question;

/** Applies `strip` to a question and to the questions inside it (its parts, its premise). */
function deep(strip: Strip): Strip {
  const apply = (q: Question): Question => {
    const stripped = strip(q);
    return { ...stripped, parts: stripped.parts.map(apply), ...(stripped.premise ? { premise: apply(stripped.premise) } : {}) };
  };
  return apply;
}

export const RULE_FAMILIES: readonly (readonly [string, Strip])[] = [
  // the thesaurus and the English glossary: words read as concepts with all their names
  ['no thesaurus', deep((q) => ({ ...q, measure: { ...q.measure, asks: q.measure.asks.map((a) => ({ ...a, concepts: [] })) } }))],
  // closed is not filed, a change is not a total, a target is no achievement
  ['no qualifiers', deep((q) => ({ ...q, measure: { ...q.measure, qualifiers: [] } }))],
  // a question about people is answered with people
  [
    'no unit family',
    deep((q) => {
      const { family: _asked, ...measure } = q.measure;
      return { ...q, measure };
    }),
  ],
  // a figure the question rests on is checked first
  [
    'no premise check',
    deep((q) => {
      const { premise: _premise, ...rest } = q;
      return rest;
    }),
  ],
  // a question asking several figures answers each
  ['no parts', deep((q) => ({ ...q, parts: [] }))],
];
