import type { Period, ReportMeta } from '../ingest/types.js';
import type { QuestionContext } from '../question/types.js';

/**
 * A quote from a report. It cannot exist without its report, section and exact offsets:
 * `quote === report.text.slice(start, end)` always holds.
 */
export interface Citation {
  /** 1-based number as shown to the user. */
  readonly n: number;
  readonly reportId: string;
  readonly bureau: string;
  readonly region: string;
  readonly year: number;
  readonly period: Period;
  /** Section path joined with ' > '. */
  readonly section: string;
  readonly quote: string;
  readonly start: number;
  readonly end: number;
  readonly chunkId: string;
}

/** Inline text of an answer: plain, emphasised (figures), or a reference to citation n. */
export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'strong'; readonly text: string }
  | { readonly kind: 'cite'; readonly n: number };

/** Format-neutral answer body: front ends render it as Telegram HTML or plain text. */
export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly kind: 'list'; readonly items: readonly (readonly Inline[])[] }
  /** A verbatim quote: its text is citation n's quote. */
  | { readonly kind: 'quote'; readonly n: number }
  | { readonly kind: 'note'; readonly text: string };

/** One measure of a comparison, one value per region (absent: 报告未提及). */
export interface ComparedMeasure {
  readonly measure: string;
  readonly unit: string;
  readonly sides: readonly [ComparedValue | undefined, ComparedValue | undefined];
}

export interface ComparedValue {
  readonly raw: string;
  readonly value: number;
  /** The citation that quotes this figure. */
  readonly n: number;
}

/** What a question was about, so a follow-up can reuse it (kept in chat sessions: plain JSON). */
export type AnswerContext = QuestionContext;

export type AnswerKind = 'fact' | 'summary' | 'compare' | 'reports' | 'notFound' | 'invalid';

export interface Answer {
  readonly kind: AnswerKind;
  /** The answer as the user reads it, plain text (rendered from `blocks`). */
  readonly text: string;
  readonly notFound: boolean;
  readonly blocks: readonly Block[];
  readonly citations: readonly Citation[];
  readonly context?: AnswerContext;
  /** Comparison table, for charts (compare answers only). */
  readonly comparison?: {
    readonly regions: readonly [ReportMeta, ReportMeta];
    readonly measures: readonly ComparedMeasure[];
  };
  /** Key figures by topic, for charts (summary answers only). */
  readonly keyFigures?: readonly { readonly label: string; readonly raw: string; readonly value: number; readonly unit: string; readonly n: number }[];
  /** Milliseconds per stage (search, generate, verify …), for logs. */
  readonly timings: Readonly<Record<string, number>>;
}

export interface AskOptions {
  /** Context of the previous answer in this chat, for follow-ups. */
  readonly previous?: AnswerContext;
  /** Who asks, for the language model's daily budget (one local user when absent). */
  readonly user?: string;
  /** Drafts of the answer while a language model writes it: verified sentences only. */
  readonly onDraft?: (text: string) => void;
}

/** The answer layer as front ends see it: it knows nothing of Telegram or terminals. */
export interface AnswerService {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  summary(region: string, options?: AskOptions): Promise<Answer>;
  compare(regionA: string, regionB: string, topic?: string, options?: AskOptions): Promise<Answer>;
  reports(): readonly ReportMeta[];
  /** The full passage around a citation, for /source. */
  passage(citation: Citation): Promise<{ readonly section: string; readonly text: string } | undefined>;
}
