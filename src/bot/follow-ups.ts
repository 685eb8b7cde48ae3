/**
 * Up to three next questions that fit an answer, computed from its own fields: the problems the
 * same report names, the same topic in another region, the report's summary.
 */
import type { Answer } from '../answer/types.js';
import type { ReportMeta } from '../ingest/types.js';
import type { Translate } from './i18n.js';

export type FollowUp =
  /** 存在什么问题？ asked as a follow-up of this answer. */
  | { readonly kind: 'problems' }
  | { readonly kind: 'compare'; readonly regions: readonly [string, string]; readonly topic?: string }
  | { readonly kind: 'summary'; readonly region: string };

const MAX_FOLLOW_UPS = 3;

/** The question a 存在的问题 button asks (the question model reads Chinese best). */
export const PROBLEMS_QUESTION = '存在什么问题？';

export function followUps(answer: Answer, reports: readonly ReportMeta[]): FollowUp[] {
  if (answer.notFound) return [];
  if (answer.kind === 'compare' && answer.comparison) {
    return answer.comparison.regions.map((r) => ({ kind: 'summary', region: r.region }));
  }
  if (answer.kind !== 'fact') return [];
  const regions = (answer.context?.regions ?? []).filter((region) => reports.some((r) => r.region === region));
  const [first, second] = regions;
  if (first === undefined) return [];
  const topic = topicOf(answer);
  const other = second ?? otherRegion(first, reports);
  const next: FollowUp[] = [];
  if (answer.context?.intent !== 'problems' && regions.length === 1) next.push({ kind: 'problems' });
  if (other) next.push({ kind: 'compare', regions: [first, other], ...(topic ? { topic } : {}) });
  next.push({ kind: 'summary', region: first });
  return next.slice(0, MAX_FOLLOW_UPS);
}

/** What the question was about, as the reports word it (法律援助案件, also for an English question). */
function topicOf(answer: Answer): string | undefined {
  const ask = answer.context?.asks.find((a) => a.essential) ?? answer.context?.asks[0];
  return ask?.concepts[0] ?? ask?.text;
}

/** Another region to compare with: one whose report covers the same period, else any other. */
function otherRegion(region: string, reports: readonly ReportMeta[]): string | undefined {
  const own = reports.find((r) => r.region === region);
  const others = reports.filter((r) => r.region !== region);
  const samePeriod = others.find((r) => own && r.year === own.year && r.period === own.period);
  return (samePeriod ?? others[0])?.region;
}

export function followUpLabel(followUp: FollowUp, t: Translate): string {
  switch (followUp.kind) {
    case 'problems':
      return t('follow-problems');
    case 'compare':
      return t('follow-compare', { region: followUp.regions[1] });
    case 'summary':
      return t('follow-summary', { region: followUp.region });
  }
}
