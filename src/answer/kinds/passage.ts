import type { Report } from '../../ingest/types.js';
import { topicWords } from '../../question/follow-up.js';
import type { Question } from '../../question/types.js';
import { AnswerDraft, text } from '../compose/draft.js';
import { regionLabel, say } from '../compose/frame.js';
import type { Corpus } from '../corpus.js';
import { bestSentences } from '../report/passages.js';
import { closestPassages } from './ladder.js';

/** "怎么打造法治文化公园的？", "1+N行动是什么": the sentences that say it, quoted, each under its region. */

const SEARCH_LIMIT = 6;
const MAX_QUOTES = 3;
const MIN_COVERAGE = 0.5;

export async function answerPassage(question: Question, reports: readonly Report[], corpus: Corpus): Promise<{ draft: AnswerDraft; found: boolean }> {
  const asks = corpus.retriever.weigh(question.measure.asks);
  const hits = await corpus.retriever.retrieve({ asks: question.measure.asks, reportIds: reports.map((r) => r.meta.id), limit: SEARCH_LIMIT });
  const draft = new AnswerDraft();
  const related = hits.filter((h) => h.coverage >= MIN_COVERAGE);
  const excerpts = bestSentences(related, asks, question.intent === 'plans', MAX_QUOTES);
  if (excerpts.length === 0) {
    closestPassages(draft, question, { hits, absent: asks.filter((a) => a.absent).map((a) => a.ask.text), unanswerable: false, candidates: [] }, topicWords(question.measure.asks), reports);
    return { draft, found: false };
  }
  for (const report of [...new Set(excerpts.map((e) => e.report))]) {
    draft.paragraph(text(say(question.language, `${regionLabel(report.meta, 'zh')}报告中的相关内容：`, `${regionLabel(report.meta, 'en')}, the report says:`)));
    for (const e of excerpts.filter((x) => x.report === report)) draft.quote(e.report, e.span);
  }
  return { draft, found: true };
}
