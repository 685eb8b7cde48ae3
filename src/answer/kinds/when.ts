import type { Report, Span } from '../../ingest/types.js';
import { topicWords } from '../../question/follow-up.js';
import type { Question } from '../../question/types.js';
import { askStrength, type WeightedAsk } from '../../search/evidence.js';
import { AnswerDraft, cite, strong, text } from '../compose/draft.js';
import { regionLabel, say } from '../compose/frame.js';
import { yearPeriod } from '../compose/render-text.js';
import type { Corpus } from '../corpus.js';
import { clip, sentenceAt } from '../report/spans.js';
import { closestPassages } from './ladder.js';

/**
 * "什么时候", "哪天落款", "管的是哪段时间": a date or a period, as the report writes it. About the report
 * itself: its signing date (the date of its signature) or the period it covers (its title or opening).
 * About an event: the date written in the passage that speaks of it, nearest to its words.
 */

const SEARCH_LIMIT = 6;
const MIN_COVERAGE = 0.5;
/** 2024年3月份起, 11月, 2020年12月, 2月18日, 年初 … */
const DATE =
  /(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年(?:(?:1[0-2]|0?[1-9]|[一二三四五六七八九十]{1,2})月(?:份)?(?:(?:[12]\d|3[01]|0?[1-9]|[一二三四五六七八九十]{1,3})日)?)?(?:起|以来|底|初|上半年|下半年)?|(?:1[0-2]|0?[1-9])月(?:份)?(?:(?:[12]\d|3[01]|0?[1-9])日)?(?:起|以来|底|初|中旬|上旬|下旬)?|年初|年底|年末/g;
/** Asks about the report's own date or period, not an event in it. */
const ABOUT_SIGNING = /落款|签发|签署|签字|签名|成文|印发|哪天写|发布|signed|dated|issued/;
const ABOUT_PERIOD = /哪段时间|什么时间段|时间段|时间范围|覆盖|管的是|哪个时期|which period|what period|period|cover/;

/** The signature date as written at the end of the report ("2022年2月28日"). */
function signatureSpan(report: Report): Span | undefined {
  const tail = Math.max(0, report.text.length - 400);
  const matches = [...report.folded.slice(tail).matchAll(DATE)].filter((m) => /日/.test(m[0]));
  const last = matches.at(-1);
  return last ? { start: tail + last.index, end: tail + last.index + last[0].length } : undefined;
}

/** Where the report names the period it covers: "2024年上半年" in its title or opening. */
function periodSpan(report: Report): Span | undefined {
  const { year, period } = report.meta;
  const wanted = [`${year}年${period === '全年' ? '度' : period}`, `${year}年`];
  for (const w of wanted) {
    const at = report.folded.indexOf(w);
    if (at >= 0) return { start: at, end: at + w.length };
  }
  return undefined;
}

function reportLevel(question: Question, report: Report, draft: AnswerDraft): boolean {
  const signing = ABOUT_SIGNING.test(question.folded);
  const span = signing ? signatureSpan(report) : periodSpan(report);
  if (!span) return false;
  const n = draft.cite(report, sentenceAt(report.text, span.start));
  const what = signing ? say(question.language, '报告落款日期是', 'the report is dated ') : say(question.language, `这份报告覆盖${yearPeriod(report.meta)}：`, `the report covers ${yearPeriod(report.meta)}: `);
  draft.paragraph(text(`${regionLabel(report.meta, question.language)}${say(question.language, '：', ': ')}${what}`), strong(report.text.slice(span.start, span.end)), cite(n), text('。'));
  draft.quote(report, sentenceAt(report.text, span.start));
  return true;
}

/** The date of a sentence nearest to the words of the question it holds. */
function nearestDate(report: Report, sentence: Span, asks: readonly WeightedAsk[]): Span | undefined {
  const folded = report.folded.slice(sentence.start, sentence.end);
  const anchors = asks.flatMap((a) => a.words.map((w) => folded.indexOf(w)).filter((i) => i >= 0));
  const dates = [...folded.matchAll(DATE)].map((m) => ({ start: sentence.start + m.index, end: sentence.start + m.index + m[0].length }));
  const distance = (d: Span) => Math.min(Infinity, ...anchors.map((a) => Math.abs(d.start - sentence.start - a)));
  return dates.sort((a, b) => distance(a) - distance(b))[0];
}

async function eventDate(question: Question, reports: readonly Report[], corpus: Corpus, draft: AnswerDraft): Promise<boolean> {
  const asks = corpus.retriever.weigh(question.measure.asks);
  const hits = await corpus.retriever.retrieve({ asks: question.measure.asks, reportIds: reports.map((r) => r.meta.id), limit: SEARCH_LIMIT });
  for (const hit of hits.filter((h) => h.coverage >= MIN_COVERAGE)) {
    const sentences = hit.chunk.sentences.filter((s) => asks.some((a) => askStrength(hit.report.folded.slice(s.start, s.end), a) > 0));
    for (const sentence of [hit.bestSentence, ...sentences]) {
      const date = nearestDate(hit.report, sentence, asks);
      if (!date) continue;
      const quote = clip(hit.report.text, sentence, date);
      draft.paragraph(text(`${regionLabel(hit.report.meta, question.language)}${say(question.language, '：', ': ')}`), strong(hit.report.text.slice(date.start, date.end)), cite(draft.cite(hit.report, quote)), text('。'));
      draft.quote(hit.report, quote);
      return true;
    }
  }
  closestPassages(draft, question, { hits, absent: [], unanswerable: false, candidates: [] }, topicWords(question.measure.asks), reports);
  return false;
}

export async function answerWhen(question: Question, reports: readonly Report[], corpus: Corpus): Promise<{ draft: AnswerDraft; found: boolean }> {
  const draft = new AnswerDraft();
  const essential = question.measure.asks.filter((a) => a.essential);
  const aboutReport = ABOUT_SIGNING.test(question.folded) || ABOUT_PERIOD.test(question.folded) || essential.length === 0;
  if (aboutReport) {
    const answered = reports.map((r) => reportLevel(question, r, draft)).some(Boolean);
    if (answered) return { draft, found: true };
  }
  return { draft, found: await eventDate(question, reports, corpus, draft) };
}
