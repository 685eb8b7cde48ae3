import type { Report, Section, Span } from '../../ingest/types.js';
import { coverage, type WeightedAsk } from '../../search/evidence.js';
import type { SearchHit } from '../../search/types.js';
import { clip, sentencesIn } from './spans.js';

/** A span of a report worth quoting. */
export interface Excerpt {
  readonly report: Report;
  readonly span: Span;
}

/** A heading-like sentence this short is quoted together with the sentence after it. */
const SHORT_SENTENCE = 40;
const MAX_EXCERPTS = 4;

/** A sentence joined with the next one when it is only a lead-in ("二是融“法”于“景”,打造法治文化公园。"). */
function withFollower(report: Report, sentences: readonly Span[], i: number): Span {
  const s = sentences[i];
  const next = sentences[i + 1];
  if (!s) throw new Error('sentence index out of range');
  const sameParagraph = next !== undefined && !report.text.slice(s.end, next.start).includes('\n');
  const merged = next && sameParagraph && s.end - s.start < SHORT_SENTENCE ? { start: s.start, end: next.end } : s;
  return clip(report.text, merged, s);
}

/** Sentences that hold less than this share of the question are not quoted. */
const MIN_SENTENCE_COVERAGE = 0.3;

/** The sentences of the hits that best match the question, best first, at most four, none overlapping. */
export function bestSentences(hits: readonly SearchHit[], asks: readonly WeightedAsk[], wantsPlans = false, limit = MAX_EXCERPTS): Excerpt[] {
  // what is planned answers "how did they" only when nothing done matches
  const planPenalty = (hit: SearchHit) => (hit.chunk.role === 'plans' && !wantsPlans ? 0.5 : 1);
  const scored: { excerpt: Excerpt; score: number }[] = [];
  hits.forEach((hit, rank) => {
    const sentences = sentencesIn(hit.report.text, hit.chunk);
    sentences.forEach((s, i) => {
      // a bare heading names a topic but says nothing about it
      const bareHeading = hit.report.sections.some((x) => x.heading.start === s.start && x.heading.end <= s.end + 1 && s.end - s.start < SHORT_SENTENCE);
      const held = coverage(hit.report.folded.slice(s.start, s.end), asks);
      if (held < MIN_SENTENCE_COVERAGE) return;
      const score = (held + 0.2 / (1 + rank)) * planPenalty(hit) * (bareHeading ? 0.5 : 1);
      scored.push({ excerpt: { report: hit.report, span: withFollower(hit.report, sentences, i) }, score });
    });
  });
  scored.sort((a, b) => b.score - a.score);
  const chosen: Excerpt[] = [];
  for (const { excerpt } of scored) {
    if (chosen.length >= limit) break;
    const clash = chosen.some((c) => c.report === excerpt.report && c.span.start < excerpt.span.end && excerpt.span.start < c.span.end);
    if (!clash) chosen.push(excerpt);
  }
  return chosen;
}

/**
 * Items that share the question's words first, the rest in report order: "下一步怎么提升公共法律服务"
 * puts 持续提升公共法律服务水平 before the plans that come ahead of it in the report.
 */
export function topicFirst(report: Report, items: readonly Span[], asks: readonly WeightedAsk[]): Span[] {
  const scored = items.map((span, i) => ({ span, score: coverage(itemText(report, span), asks) - i * 1e-6 }));
  return scored.sort((a, b) => b.score - a.score).map((x) => x.span);
}

/** What an item is about: a heading item (（二）扎实抓好法治宣传教育) by its whole section, else its own words. */
function itemText(report: Report, span: Span): string {
  const section = report.sections.find((s) => s.heading.start === span.start);
  const { start, end } = section ? section.span : span;
  return report.folded.slice(start, end);
}

/** Where a report says what went wrong without a heading for it (慈溪: one paragraph). */
const PROBLEMS_SENTENCE = /存在.{0,12}(?:问题|不足)|问题和不足|不足之处|短板/;

/**
 * What a report says under `role`: the items of its role sections; for problems without such a
 * section, the sentence that owns up to them. Empty when the report says nothing of the kind.
 */
export function roleItems(report: Report, role: 'problems' | 'plans', limit: number): Span[] {
  const items = roleSections(report, role).flatMap((s) => sectionItems(report, s, limit)).slice(0, limit);
  if (items.length > 0 || role !== 'problems') return items;
  const sentence = sentencesIn(report.text, { start: 0, end: report.text.length }).find((s) => PROBLEMS_SENTENCE.test(report.folded.slice(s.start, s.end)));
  return sentence ? [clip(report.text, sentence)] : [];
}

/** Top-most sections of `report` with `role` (a role section inside another is skipped). */
export function roleSections(report: Report, role: Section['role']): Section[] {
  const withRole = report.sections.filter((s) => s.role === role);
  return withRole.filter((s) => !withRole.some((o) => o !== s && o.path.length < s.path.length && o.span.start <= s.span.start && s.span.end <= o.span.end));
}

/** Direct subsections of `section`. */
export function childSections(report: Report, section: Section): Section[] {
  return report.sections.filter(
    (s) => s.path.length === section.path.length + 1 && s.span.start >= section.span.start && s.span.end <= section.span.end,
  );
}

/** Sentences of `span` as quotable items, each lead-in joined with the sentence after it. */
function leadSentences(report: Report, span: Span, limit: number): Span[] {
  const sentences = sentencesIn(report.text, span);
  const items: Span[] = [];
  for (let i = 0; i < sentences.length && items.length < limit; i++) {
    const item = withFollower(report, sentences, i);
    items.push(item);
    if (item.end > (sentences[i]?.end ?? 0)) i++;
  }
  return items;
}

/**
 * What a section says, as quotable items: its own text before any subsection, then the first
 * sentence (with its follower when it is a lead-in) of each subsection.
 */
export function sectionItems(report: Report, section: Section, limit: number): Span[] {
  const children = childSections(report, section);
  const body: Span = { start: section.heading.end, end: children[0]?.span.start ?? section.span.end };
  const hasBody = /[\p{L}\p{N}]/u.test(report.text.slice(body.start, body.end));
  // a section that is all heading ("一是法治政府统筹协调机制仍需完善,…;") is quoted whole
  const own = hasBody ? body : children.length === 0 ? section.span : undefined;
  const items = own ? leadSentences(report, own, limit) : [];
  for (const child of children) {
    if (items.length >= limit) break;
    const sentences = sentencesIn(report.text, child.span);
    const [first, second] = sentences;
    // a heading on a line of its own says what the item is about; its first sentence says what it is
    const headingLine = first && second && first.end <= child.heading.end + 1 && report.text.slice(first.end, second.start).includes('\n');
    items.push(headingLine ? clip(report.text, { start: first.start, end: second.end }, first) : first ? withFollower(report, sentences, 0) : child.heading);
  }
  return items;
}
