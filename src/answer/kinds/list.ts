import type { Report, Span } from '../../ingest/types.js';
import { topicWords } from '../../question/follow-up.js';
import type { Question } from '../../question/types.js';
import { askStrength, coverage, type WeightedAsk } from '../../search/evidence.js';
import type { SearchHit } from '../../search/types.js';
import { AnswerDraft, text } from '../compose/draft.js';
import { regionLabel, say } from '../compose/frame.js';
import type { Corpus } from '../corpus.js';
import { headingItem } from '../report/headings.js';
import { childSections } from '../report/passages.js';
import { clip, sentencesIn } from '../report/spans.js';
import { foldText } from '../../ingest/normalize.js';
import { closestPassages } from './ladder.js';

/**
 * "有哪些…", "哪几类…": the items a report lists, each in its own words, with the passage quoted. A list
 * is read where the report writes one: the parts of a total (其中…697件，…15件), words set off by 、
 * (龙山镇、观海卫镇、胜山镇、长河镇), or the 一是/二是 items and subheadings of the section the question
 * names.
 */

const SEARCH_LIMIT = 6;
const MIN_ITEMS = 2;
const MAX_ITEMS = 12;
const MIN_COVERAGE = 0.45;

interface Listing {
  readonly report: Report;
  readonly items: readonly string[];
  /** What to quote for it. */
  readonly spans: readonly Span[];
  readonly score: number;
}

/** "其中“家事类”697件" → 家事类697件: a figure's own words with the figure. */
function figureItems(report: Report, sentence: Span): string[] {
  const all = report.figures.filter((f) => f.start >= sentence.start && f.end <= sentence.end);
  // a total with its parts listed ("680宗（其中刑事案件558宗…）") is listed by its parts
  const parts = all.filter((f) => f.qualifiers.includes('part'));
  const figures = parts.length >= MIN_ITEMS ? parts : all;
  if (figures.length < MIN_ITEMS) return [];
  return figures.map((f) => `${report.text.slice(f.label.start, f.label.end).replace(/^(?:其中|共|及|和)/, '').replace(/[“”"「」]/g, '')}${f.raw}`.trim());
}

/** The words a clause sets off by 、 (the last joined by 和/及/等 …), in the clause holding most of the question. */
function enumerated(report: Report, sentence: Span, asks: readonly WeightedAsk[]): string[] {
  const clauses = report.text.slice(sentence.start, sentence.end).split(/[，,；;。：:]/);
  const lists = clauses.filter((c) => (c.match(/、/g)?.length ?? 0) >= 1);
  const best = lists.sort((a, b) => coverage(b, asks) - coverage(a, asks))[0];
  if (!best) return [];
  return best
    .split(/、|和|及|与/)
    .map((item) => item.replace(/等.*$/, '').replace(/[“”"「」（）()]/g, '').trim())
    .filter((item) => item.length > 0);
}

/**
 * The items of a section the passage stands in: its subsections (一是/二是, (一)/(二) …) when there
 * are two or more and the section or its items name what the question asks.
 */
function sectionListing(report: Report, hit: SearchHit, asks: readonly WeightedAsk[]): Listing | undefined {
  const sections = report.sections.filter((s) => s.span.start <= hit.chunk.start && hit.chunk.start < s.span.end).sort((a, b) => b.path.length - a.path.length);
  for (const section of sections) {
    const children = childSections(report, section);
    if (children.length < MIN_ITEMS) continue;
    const heading = report.folded.slice(section.heading.start, section.heading.end);
    const items = children.map((c) => headingItem(report, c.heading));
    const named = coverage(`${heading}|${items.map((i) => foldText(i.text)).join('|')}`, asks);
    if (named < MIN_COVERAGE) continue;
    return { report, items: items.slice(0, MAX_ITEMS).map((i) => i.text), spans: children.slice(0, MAX_ITEMS).map((c) => c.heading), score: named };
  }
  return undefined;
}

function listingOf(hit: SearchHit, asks: readonly WeightedAsk[]): Listing | undefined {
  const { report } = hit;
  const sentences = sentencesIn(report.text, hit.chunk).filter((s) => coverage(report.folded.slice(s.start, s.end), asks) >= MIN_COVERAGE);
  const scored = sentences
    .map((s) => {
      const byFigures = figureItems(report, s);
      const items = byFigures.length >= MIN_ITEMS ? byFigures : enumerated(report, s, asks);
      return { s, items, score: coverage(report.folded.slice(s.start, s.end), asks) };
    })
    .filter((x) => x.items.length >= MIN_ITEMS)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  const bySentence = best ? { report, items: best.items.slice(0, MAX_ITEMS), spans: [clip(report.text, best.s)], score: best.score } : undefined;
  // a list the report sets out as items (一是…二是…) is the list, when it names the question as well as a sentence does
  const bySection = sectionListing(report, hit, asks);
  return bySection && (!bySentence || bySection.score >= bySentence.score) ? bySection : bySentence;
}

export async function answerList(question: Question, reports: readonly Report[], corpus: Corpus): Promise<{ draft: AnswerDraft; found: boolean }> {
  const asks = corpus.retriever.weigh(question.measure.asks);
  const hits = await corpus.retriever.retrieve({ asks: question.measure.asks, reportIds: reports.map((r) => r.meta.id), limit: SEARCH_LIMIT });
  const draft = new AnswerDraft();
  const listings = hits
    .slice(0, 3)
    .map((h) => listingOf(h, asks))
    .filter((l): l is Listing => l !== undefined);
  const byReport = new Map<Report, Listing>();
  for (const l of listings) if (!byReport.has(l.report)) byReport.set(l.report, l);
  if (byReport.size === 0) {
    closestPassages(draft, question, { hits, absent: [], unanswerable: false, candidates: [] }, topicWords(question.measure.asks), reports);
    return { draft, found: false };
  }
  for (const listing of byReport.values()) {
    draft.paragraph(text(`${regionLabel(listing.report.meta, question.language)}${say(question.language, `：共${listing.items.length}项——`, `: ${listing.items.length} items — `)}${listing.items.join('；')}。`));
    for (const span of listing.spans.slice(0, 4)) draft.quote(listing.report, clip(listing.report.text, span));
  }
  return { draft, found: true };
}
