import type { Report, Span } from '../../ingest/types.js';
import { CitationLedger } from '../report/citations.js';
import { renderPlainText } from './render-text.js';
import type { Answer, AnswerKind, Block, ComparedValue, Inline } from '../types.js';

export const text = (t: string): Inline => ({ kind: 'text', text: t });
export const strong = (t: string): Inline => ({ kind: 'strong', text: t });
export const cite = (n: number): Inline => ({ kind: 'cite', n });

/** The parts of an Answer that are not its body. */
export type AnswerExtras = Partial<Pick<Answer, 'context' | 'comparison' | 'keyFigures' | 'timings'>>;

/** An answer being written: blocks in reading order and the citations they use. */
export class AnswerDraft {
  readonly ledger = new CitationLedger();
  private readonly blocks: Block[] = [];

  /** Puts a paragraph before everything written so far ("（接上题：…）", a correction of the question's premise). */
  prepend(...content: Inline[]): this {
    this.blocks.unshift({ kind: 'paragraph', content });
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

  /** The answer, its citations numbered in the order the reader meets them (a paragraph put first may cite later). */
  finish(kind: AnswerKind, extras: AnswerExtras = {}): Answer {
    const renumber = readingOrder(this.blocks, this.ledger.citations.length);
    const n = (old: number) => renumber.get(old) ?? old;
    const citations = this.ledger.citations.map((c) => ({ ...c, n: n(c.n) })).sort((a, b) => a.n - b.n);
    const blocks = this.blocks.map((b) => renumberBlock(b, n));
    const { keyFigures, comparison, ...rest } = extras;
    return {
      kind,
      text: renderPlainText(blocks, citations),
      // input the service cannot use is not answered either: a client checking notFound alone never shows it as an answer
      notFound: kind === 'notFound' || kind === 'invalid',
      blocks,
      citations,
      timings: {},
      ...rest,
      ...(keyFigures ? { keyFigures: keyFigures.map((f) => ({ ...f, n: n(f.n) })) } : {}),
      ...(comparison
        ? { comparison: { ...comparison, measures: comparison.measures.map((m) => ({ ...m, sides: [side(m.sides[0], n), side(m.sides[1], n)] as const })) } }
        : {}),
    };
  }
}

function side(value: ComparedValue | undefined, n: (old: number) => number): ComparedValue | undefined {
  return value && { ...value, n: n(value.n) };
}

/** Old citation number → new, in order of first appearance in the blocks; those never shown keep their order after. */
function readingOrder(blocks: readonly Block[], count: number): Map<number, number> {
  const order: number[] = [];
  const see = (n: number) => {
    if (!order.includes(n)) order.push(n);
  };
  for (const block of blocks) {
    if (block.kind === 'quote') see(block.n);
    const inlines = block.kind === 'paragraph' ? block.content : block.kind === 'list' ? block.items.flat() : [];
    for (const inline of inlines) if (inline.kind === 'cite') see(inline.n);
  }
  for (let n = 1; n <= count; n++) see(n);
  return new Map(order.map((old, i) => [old, i + 1]));
}

function renumberBlock(block: Block, n: (old: number) => number): Block {
  const inline = (i: Inline): Inline => (i.kind === 'cite' ? { kind: 'cite', n: n(i.n) } : i);
  switch (block.kind) {
    case 'quote':
      return { kind: 'quote', n: n(block.n) };
    case 'paragraph':
      return { kind: 'paragraph', content: block.content.map(inline) };
    case 'list':
      return { kind: 'list', items: block.items.map((item) => item.map(inline)) };
    default:
      return block;
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
