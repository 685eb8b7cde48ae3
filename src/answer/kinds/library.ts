import type { ReportMeta } from '../../ingest/types.js';
import { AnswerDraft, text } from '../compose/draft.js';
import { yearPeriod } from '../compose/render-text.js';
import type { Answer } from '../types.js';
import { reportsContext } from '../../question/parse.js';

const ABOUT_LIBRARY = /(?:哪些|什么|几份|多少份|几个|多少个)(?:地区|地方|报告|司法局|区县|县区)|报告库|覆盖(?:了)?哪些|收录(?:了)?(?:哪些|什么)?/g;
const FILLER = /[\s\p{P}\p{S}]|你们|您们|你|您|有|的|了|吗|呢|现在|目前|一共|共|都|里|中|可以|能|查询|问|关于|范围|已/gu;

/** "有哪些报告？", "你们收录了哪些地区？": a question about the library itself, not about a report. */
export function isLibraryQuestion(question: string): boolean {
  if (question.search(ABOUT_LIBRARY) < 0) return false;
  return question.replace(ABOUT_LIBRARY, '').replace(FILLER, '').length <= 2;
}

/** The reports the answers draw on, one line each. */
export function libraryAnswer(metas: readonly ReportMeta[]): Answer {
  const draft = new AnswerDraft().heading('已收录的报告');
  draft.list(metas.map((m) => [text(`${m.title}（${m.bureau}，${yearPeriod(m)}）`)]));
  if (metas.length === 0) draft.note('目前还没有任何报告。');
  return draft.finish('reports', { context: reportsContext('', [], [], 'library') });
}
