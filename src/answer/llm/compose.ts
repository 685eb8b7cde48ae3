import { findNumbers } from '../../ingest/numbers.js';
import { renderPlainText } from '../compose/render-text.js';
import type { Answer, Block, Citation, ComparedMeasure, ComparedValue, Inline } from '../types.js';
import type { OutputLine, OutputSentence } from './output.js';
import type { Passage } from './types.js';
import type { VerifiedOutput } from './verify.js';

/** Builds the user's Answer from a verified output, or the fallback with a note on top. */

type Timings = Readonly<Record<string, number>>;

/**
 * The verified output as the user's answer: `framing` (what the extractive answer says about scope
 * and periods) first, then the model's kept sentences, then a quote of each passage it cited.
 */
export function answerFromOutput(output: VerifiedOutput, fallback: Answer, framing: readonly Block[], timings: Timings): Answer {
  const citations: Citation[] = output.used.map((p) => p.citation);
  const blocks: Block[] = [
    ...framing,
    ...outputBlocks(output.lines),
    ...citations.map((c): Block => ({ kind: 'quote', n: c.n })),
  ];
  const renumber = fallbackRenumbering(fallback, output.used);
  const keyFigures = fallback.keyFigures?.flatMap((f) => {
    const n = renumber(f.n);
    return n === undefined ? [] : [{ ...f, n }];
  });
  const comparison = fallback.comparison && {
    ...fallback.comparison,
    measures: fallback.comparison.measures.flatMap((m): ComparedMeasure[] => {
      // A measure whose quote the model's wording does not cite would point at no citation.
      const a = renumberValue(m.sides[0], renumber);
      const b = renumberValue(m.sides[1], renumber);
      return a === 'uncited' || b === 'uncited' ? [] : [{ ...m, sides: [a, b] }];
    }),
  };
  return {
    kind: fallback.notFound ? 'fact' : fallback.kind,
    notFound: false,
    text: renderPlainText(blocks, citations),
    blocks,
    citations,
    ...(fallback.context ? { context: fallback.context } : {}),
    ...(comparison && comparison.measures.length > 0 ? { comparison } : {}),
    ...(keyFigures && keyFigures.length > 0 ? { keyFigures } : {}),
    timings: { ...fallback.timings, ...timings },
  };
}

export function fallbackWithNote(fallback: Answer, note: string, timings: Timings): Answer {
  const blocks: Block[] = [{ kind: 'note', text: note }, ...fallback.blocks];
  return {
    ...fallback,
    blocks,
    text: renderPlainText(blocks, fallback.citations),
    timings: { ...fallback.timings, ...timings },
  };
}

/** A draft of the answer while the model writes: its verified sentences so far and a mark that more is coming ('' before the first). */
export function draftText(output: VerifiedOutput): string {
  const body = renderPlainText(outputBlocks(output.lines), []);
  return body ? `${body} …` : '';
}

/**
 * What a summary's or comparison's fallback says that the model's wording must not lose: its
 * leading headings (title, bureau, period) and its notes (period differences).
 */
export function framingOf(fallback: Answer): Block[] {
  const firstBody = fallback.blocks.findIndex((b) => b.kind !== 'heading');
  const headings = fallback.blocks.slice(0, firstBody === -1 ? fallback.blocks.length : firstBody);
  return [...headings, ...fallback.blocks.filter((b) => b.kind === 'note')];
}

function outputBlocks(lines: readonly OutputLine[]): Block[] {
  const blocks: Block[] = [];
  for (const line of lines) {
    const previous = blocks[blocks.length - 1];
    if (line.kind === 'heading') {
      blocks.push({ kind: 'heading', text: line.sentences.map((s) => s.text.trim()).join('') });
    } else if (line.kind === 'item' && previous?.kind === 'list') {
      blocks[blocks.length - 1] = { kind: 'list', items: [...previous.items, inlinesOf(line.sentences)] };
    } else if (line.kind === 'item') {
      blocks.push({ kind: 'list', items: [inlinesOf(line.sentences)] });
    } else {
      blocks.push({ kind: 'paragraph', content: inlinesOf(line.sentences) });
    }
  }
  return blocks;
}

/** Text with its figures as `strong` and the markers as `cite`, adjacent text merged. */
function inlinesOf(sentences: readonly OutputSentence[]): Inline[] {
  const out: Inline[] = [];
  const push = (inline: Inline) => {
    const last = out[out.length - 1];
    if (inline.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + inline.text };
    else if (inline.kind !== 'text' || inline.text) out.push(inline);
  };
  for (const sentence of sentences) {
    for (const piece of sentence.pieces) {
      if (piece.kind === 'cite') push({ kind: 'cite', n: piece.n });
      else for (const inline of figuresAsStrong(piece.text)) push(inline);
    }
  }
  return out;
}

function figuresAsStrong(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const token of findNumbers(text)) {
    if (token.kind !== 'figure') continue;
    out.push({ kind: 'text', text: text.slice(last, token.start) }, { kind: 'strong', text: token.raw });
    last = token.end;
  }
  out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

function renumberValue(
  side: ComparedValue | undefined,
  renumber: (n: number) => number | undefined,
): ComparedValue | undefined | 'uncited' {
  if (!side) return undefined;
  const n = renumber(side.n);
  return n === undefined ? 'uncited' : { ...side, n };
}

/** The fallback's citation numbers (used by keyFigures and comparison) mapped to the new ones. */
function fallbackRenumbering(fallback: Answer, used: readonly Passage[]): (n: number) => number | undefined {
  return (n) => {
    const c = fallback.citations.find((x) => x.n === n);
    if (!c) return undefined;
    const i = used.findIndex((p) => p.citation.reportId === c.reportId && p.citation.start === c.start && p.citation.end === c.end);
    return i === -1 ? undefined : i + 1;
  };
}
