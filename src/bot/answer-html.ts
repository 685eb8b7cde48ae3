/**
 * An answer as compact Telegram HTML, rendered from its blocks and citations: the lead as the
 * answer layer words it (figures in bold), each citation's quote once (expandable when long) and
 * only when it adds words the lead does not already say, then one source line per report.
 */
import type { Answer, Block, Citation, Inline } from '../answer/types.js';
import { bold, escapeHtml, italic } from './format.js';
import type { Translate } from './i18n.js';
import { sourceLines } from './sources.js';

/** Quotes longer than this together start collapsed (Telegram shows their first lines; a tap opens them). */
const EXPANDABLE_QUOTE_CHARS = 200;

/** Text compared for repetition: no punctuation, spaces or citation marks. */
function comparable(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\[\d+\]/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

function inlinesText(content: readonly Inline[]): string {
  return content.map((part) => (part.kind === 'cite' ? '' : part.text)).join('');
}

function inlinesHtml(content: readonly Inline[]): string {
  return content
    .map((part) => {
      switch (part.kind) {
        case 'text':
          return escapeHtml(part.text);
        case 'strong':
          return bold(part.text);
        case 'cite':
          return `[${part.n}]`;
      }
    })
    .join('');
}

/** Quotes in one blockquote, a line each; collapsed when long. */
export function quotesHtml(citations: readonly Citation[]): string {
  const length = citations.reduce((sum, c) => sum + c.quote.length, 0);
  const tag = length > EXPANDABLE_QUOTE_CHARS ? 'blockquote expandable' : 'blockquote';
  return `<${tag}>${citations.map((c) => `[${c.n}] ${escapeHtml(c.quote)}`).join('\n')}</blockquote>`;
}

/** The words shown so far: a quote they already hold is not shown again. */
class Shown {
  private text = '';
  private readonly quotes = new Set<number>();

  add(text: string): void {
    this.text += `\n${comparable(text)}`;
  }

  /** True the first time citation n's quote says something not yet shown. */
  takeQuote(citation: Citation): boolean {
    if (this.quotes.has(citation.n)) return false;
    this.quotes.add(citation.n);
    const quote = comparable(citation.quote);
    return quote !== '' && !this.text.includes(quote);
  }
}

function blockHtml(block: Exclude<Block, { kind: 'quote' }>, shown: Shown): string {
  switch (block.kind) {
    case 'heading':
      shown.add(block.text);
      return bold(block.text);
    case 'paragraph':
      shown.add(inlinesText(block.content));
      return inlinesHtml(block.content);
    case 'list':
      for (const item of block.items) shown.add(inlinesText(item));
      return block.items.map((item) => `• ${inlinesHtml(item)}`).join('\n');
    case 'note':
      shown.add(block.text);
      return italic(block.text);
  }
}

/** The body blocks as HTML, one string per block (a run of quotes is one), empty ones dropped. */
export function blocksHtml(blocks: readonly Block[], citations: readonly Citation[]): string[] {
  const byN = new Map(citations.map((c) => [c.n, c]));
  const shown = new Shown();
  const html: string[] = [];
  let quotes: Citation[] = [];
  const flush = () => {
    if (quotes.length > 0) html.push(quotesHtml(quotes));
    quotes = [];
  };
  for (const block of blocks) {
    if (block.kind !== 'quote') {
      flush();
      html.push(blockHtml(block, shown));
      continue;
    }
    const citation = byN.get(block.n);
    if (!citation || !shown.takeQuote(citation)) continue;
    shown.add(citation.quote);
    quotes.push(citation);
  }
  flush();
  return html.filter((part) => part.trim() !== '');
}

/** `来源：…`, one line per report; empty without citations. */
export function sourcesHtml(citations: readonly Citation[], t: Translate): string {
  const lines = sourceLines(citations);
  if (lines.length === 0) return '';
  const label = `${t('sources')}：`;
  if (lines.length === 1) return italic(`${label}${lines[0]?.text ?? ''}`);
  return italic([label, ...lines.map((line) => `• ${line.text}`)].join('\n'));
}

/** The whole answer as HTML blocks: body, then its sources. */
export function answerHtml(answer: Pick<Answer, 'blocks' | 'citations'>, t: Translate): string[] {
  const sources = sourcesHtml(answer.citations, t);
  return [...blocksHtml(answer.blocks, answer.citations), ...(sources ? [sources] : [])];
}
