import type { Block, Citation, Inline } from '../types.js';

/** "2024年全年", "2024年上半年": a report's year and period as one label. */
export function yearPeriod(meta: { readonly year: number; readonly period: string }): string {
  return `${meta.year}年${meta.period}`;
}

function inlineText(content: readonly Inline[]): string {
  return content.map((i) => (i.kind === 'cite' ? `[${i.n}]` : i.text)).join('');
}

function sourceLine(c: Citation): string {
  return `[${c.n}] ${c.bureau}，${yearPeriod(c)}，${c.section}`;
}

/** The answer as plain text: what `Answer.text` holds, the CLI prints and the terminal chat shows. */
export function renderPlainText(blocks: readonly Block[], citations: readonly Citation[]): string {
  const byN = new Map(citations.map((c) => [c.n, c]));
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        lines.push(`【${block.text}】`);
        break;
      case 'paragraph':
        lines.push(inlineText(block.content));
        break;
      case 'list':
        for (const item of block.items) lines.push(`• ${inlineText(item)}`);
        break;
      case 'quote': {
        const c = byN.get(block.n);
        if (c) lines.push(`  「${c.quote}」[${c.n}]`);
        break;
      }
      case 'note':
        lines.push(`注：${block.text}`);
        break;
    }
  }
  if (citations.length > 0) {
    lines.push('', '来源：', ...citations.map(sourceLine));
  }
  return lines.join('\n');
}
