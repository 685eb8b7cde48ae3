/**
 * A summary as parts that fit a phone: an overview (title, period, date and the headline
 * figures) and one view per section of the report (measures, figures, problems, plans), each
 * with the sources it quotes. Buttons switch between the parts by editing the message.
 */
import type { Answer, Block, Citation, Inline } from '../answer/types.js';
import { blocksHtml, sourcesHtml } from './answer-html.js';
import { bold, escapeHtml, italic, paginate } from './format.js';
import type { Translate } from './i18n.js';

/** Headline figures on the overview. */
const HEADLINE_FIGURES = 8;
/** The overview stays short: the whole summary is a tap away. */
const OVERVIEW_LIMIT = 1200;
/** Room for a section under Telegram's 4096, with the separators between its parts. */
const SECTION_LIMIT = 4000;

export interface SummarySection {
  readonly heading: string;
  readonly blocks: readonly Block[];
}

export interface SummaryParts {
  /** The title and the line with period and date. */
  readonly intro: readonly Block[];
  readonly sections: readonly SummarySection[];
}

type SummaryAnswer = Pick<Answer, 'blocks' | 'citations' | 'keyFigures'>;

/** Splits the blocks at each heading after the title. */
export function summaryParts(blocks: readonly Block[]): SummaryParts {
  const intro: Block[] = [];
  const sections: { heading: string; blocks: Block[] }[] = [];
  blocks.forEach((block, index) => {
    if (block.kind === 'heading' && index > 0) sections.push({ heading: block.text, blocks: [] });
    else (sections.at(-1)?.blocks ?? intro).push(block);
  });
  return { intro, sections };
}

const SECTION_KEYS: readonly [RegExp, string][] = [
  [/措施|成效|举措/, 'section-measures'],
  [/数字|数据/, 'section-figures'],
  [/问题|不足/, 'section-problems'],
  [/下一步|计划|打算|思路/, 'section-plans'],
];

/** The button label of a section: a short fixed name for the usual ones, else its own heading. */
export function sectionLabel(heading: string, t: Translate): string {
  const key = SECTION_KEYS.find(([pattern]) => pattern.test(heading))?.[1];
  return key ? t(key) : heading;
}

function cited(blocks: readonly Block[]): Set<number> {
  const numbers = new Set<number>();
  const fromInlines = (content: readonly Inline[]) => content.forEach((i) => i.kind === 'cite' && numbers.add(i.n));
  for (const block of blocks) {
    if (block.kind === 'quote') numbers.add(block.n);
    if (block.kind === 'paragraph') fromInlines(block.content);
    if (block.kind === 'list') block.items.forEach(fromInlines);
  }
  return numbers;
}

const citationsOf = (answer: SummaryAnswer, numbers: ReadonlySet<number>): Citation[] => answer.citations.filter((c) => numbers.has(c.n));

/** Up to eight figures with what they count, from the answer's key figures (or its figures section). */
function headlineFigures(answer: SummaryAnswer, parts: SummaryParts): Block {
  const figures = answer.keyFigures ?? [];
  if (figures.length > 0) {
    return {
      kind: 'list',
      items: figures.slice(0, HEADLINE_FIGURES).map((f): Inline[] => [
        { kind: 'text', text: `${f.label} ` },
        { kind: 'strong', text: f.raw },
        { kind: 'cite', n: f.n },
      ]),
    };
  }
  const list = parts.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'list');
  return list?.kind === 'list' ? { kind: 'list', items: list.items.slice(0, HEADLINE_FIGURES) } : { kind: 'list', items: [] };
}

/** The first message: title, period and date, the headline figures, their sources. */
export function overviewHtml(answer: SummaryAnswer, t: Translate): string {
  const parts = summaryParts(answer.blocks);
  const figures = headlineFigures(answer, parts);
  const body = blocksHtml([...parts.intro, ...(figures.kind === 'list' && figures.items.length > 0 ? [{ kind: 'heading', text: t('summary-figures') } as const, figures] : [])], answer.citations);
  const sources = sourcesHtml(citationsOf(answer, cited([figures])), t);
  const hint = parts.sections.length > 0 ? italic(t('summary-hint')) : '';
  const html = [...body, sources, hint].filter(Boolean).join('\n\n');
  return html.length <= OVERVIEW_LIMIT ? html : [...body, hint].filter(Boolean).join('\n\n');
}

/** One section with its own sources; a section too long for one message shows its beginning. */
export function sectionHtml(answer: SummaryAnswer, index: number, t: Translate): string | undefined {
  const parts = summaryParts(answer.blocks);
  const section = parts.sections[index];
  if (!section) return undefined;
  const title = parts.intro.find((b) => b.kind === 'heading');
  const head = [title?.kind === 'heading' ? escapeHtml(title.text) : '', bold(section.heading)].filter(Boolean).join('\n');
  const sources = sourcesHtml(citationsOf(answer, cited(section.blocks)), t);
  const more = italic(t('section-more'));
  const pages = paginate(blocksHtml(section.blocks, answer.citations), SECTION_LIMIT - head.length - sources.length - more.length);
  return [head, pages[0] ?? '', pages.length > 1 ? more : '', sources].filter(Boolean).join('\n\n');
}
