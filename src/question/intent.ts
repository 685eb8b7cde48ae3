import type { Cue } from '../lexicon/lexicon.js';
import type { Intent } from './types.js';

/**
 * What kind of answer a question wants, from the question words it uses (data: question-words.txt)
 * and what else it holds. The order of the checks is the order in which one kind of question
 * contains another: a stated figure with 对吗 is a premise to check, not a figure to look up; "哪个地区
 * …最多" asks a figure of every region; 有没有 asks yes or no even when it names problems.
 */

export interface IntentEvidence {
  readonly cues: readonly Cue[];
  /** The question asks for a quantity (多少件, how many) or a rate. */
  readonly asksFigure: boolean;
  readonly statesFigure: boolean;
  /** Regions named that reports cover. */
  readonly coveredRegions: number;
  /** Places named in all, covered or not. */
  readonly namedPlaces: number;
  /** The question names something to look up beyond its question words. */
  readonly hasContent: boolean;
}

export interface IntentReading {
  readonly intent: Intent;
  readonly direction?: 'most' | 'least';
}

export function readIntent(e: IntentEvidence): IntentReading {
  const has = (cue: Cue) => e.cues.includes(cue);
  const direction = has('least') ? 'least' : has('most') ? 'most' : undefined;
  const withDirection = (intent: Intent): IntentReading => (direction ? { intent, direction } : { intent });
  // two places set side by side; more, or "哪个…最少" among them, is a ranking
  if (has('compare') && e.namedPlaces === 2 && !has('across')) return { intent: 'compare' };
  if (has('when')) return { intent: 'when' };
  if (has('summary') && e.coveredRegions === 1 && !e.hasContent) return { intent: 'summary' };
  // a figure stated and not asked for is a premise to check ("只清理了273件规范性文件？")
  const asksOther = e.asksFigure || has('list') || has('overview') || has('problems') || has('plans');
  if (e.statesFigure && (has('confirm') || has('yesno') || !asksOther)) return { intent: 'yesno' };
  const acrossRegions = has('across') || (direction !== undefined && e.coveredRegions !== 1) || e.coveredRegions > 2;
  if (e.asksFigure) return withDirection(acrossRegions && e.coveredRegions !== 1 ? 'rank' : 'figure');
  if (has('yesno') || has('confirm')) return { intent: 'yesno' };
  if (acrossRegions && direction) return withDirection('rank');
  if (has('problems')) return { intent: 'problems' };
  if (has('plans')) return { intent: 'plans' };
  if (has('overview') || !e.hasContent) return { intent: 'overview' };
  if (has('list')) return { intent: 'list' };
  return { intent: 'passage' };
}
