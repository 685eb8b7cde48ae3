import type { Report, Span } from '../../ingest/types.js';
import { CitationLedger } from '../report/citations.js';
import { renderPlainText } from './render-text.js';
import type { Answer, AnswerKind, Block, Inline } from '../types.js';

export const text = (t: string): Inline => ({ kind: 'text', text: t });
export const strong = (t: string): Inline => ({ kind: 'strong', text: t });
export const cite = (n: number): Inline => ({ kind: 'cite', n });

/** The parts of an Answer that are not its body. */
export type AnswerExtras = Partial<Pick<Answer, 'context' | 'comparison' | 'keyFigures' | 'timings'>>;

/** An answer being written: blocks in reading order and the citations they use. */
export class AnswerDraft {
  readonly ledger = new CitationLedger();
  private readonly blocks: Block[] = [];

  /** Puts a line before everything written so far ("（接上题：…）"). */
  prepend(t: string): this {
    this.blocks.unshift({ kind: 'paragraph', content: [text(t)] });
    return this;
  }

  heading(t: string): this {
    this.blocks.push({ kind: 'heading', text: t });
    return this;
  }

  paragraph(...content: Inline[]): this {
    this.blocks.push({ kind: 'paragraph', content });
    return this;
  }

  list(items: readonly (readonly Inline[])[]): this {
    if (items.length > 0) this.blocks.push({ kind: 'list', items });
    return this;
  }

  note(t: string): this {
    this.blocks.push({ kind: 'note', text: t });
    return this;
  }

  /** Adds a verbatim quote block of `span` and returns its citation number. */
  quote(report: Report, span: Span): number {
    const n = this.ledger.cite(report, span);
    this.blocks.push({ kind: 'quote', n });
    return n;
  }

  cite(report: Report, span: Span): number {
    return this.ledger.cite(report, span);
  }

  get isEmpty(): boolean {
    return this.blocks.length === 0;
  }

  finish(kind: AnswerKind, extras: AnswerExtras = {}): Answer {
    const citations = this.ledger.citations;
    return {
      kind,
      text: renderPlainText(this.blocks, citations),
      // input the service cannot use is not answered either: a client checking notFound alone never shows it as an answer
      notFound: kind === 'notFound' || kind === 'invalid',
      blocks: [...this.blocks],
      citations,
      timings: {},
      ...extras,
    };
  }
}

/** A one-paragraph answer with no citations: not found, or input the service cannot use. */
export function plainAnswer(kind: 'notFound' | 'invalid', message: string, extras: AnswerExtras = {}): Answer {
  return new AnswerDraft().paragraph(text(message)).finish(kind, extras);
}

/** An answer that shows related figures but does not answer the question asked: a note first, notFound. */
export function asNotFound(answer: Answer, note: string): Answer {
  const blocks: Block[] = [{ kind: 'note', text: note }, ...answer.blocks];
  return { ...answer, kind: 'notFound', notFound: true, blocks, text: renderPlainText(blocks, answer.citations) };
}
