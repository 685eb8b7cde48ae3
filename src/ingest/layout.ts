import { looksLikeHeadingLine, matchHeadingMark } from './headings.js';
import { isJunkLine } from './normalize.js';
import type { Span } from './types.js';

/**
 * The lines of a report and the parts around its body: the title lines at the top and
 * the signature (bureau and date) at the bottom.
 */

export interface Line extends Span {
  /** Folded text of the trimmed line. */
  readonly folded: string;
}

export interface Layout {
  /** Content lines, trimmed, junk lines left out. */
  readonly lines: readonly Line[];
  /** Indexes into `lines` of the title (may be empty). */
  readonly titleLines: readonly number[];
  /** Indexes into `lines` of the signature block (may be empty). */
  readonly signatureLines: readonly number[];
}

/** A date closing a line: 2022年2月28日 or 二〇二二年二月二十八日 (groups: year, month, day). */
export const DATE_AT_END = /((?:19|20)\d\d|[〇零一二三四五六七八九]{4})年([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日$/;
const MARKDOWN_HEADING = /^#{1,6}\s+/;
/** A document number in a letterhead, e.g. 阳司〔2024〕5号. */
const DOCUMENT_NUMBER = /[〔\[(]\d{4}[〕\])]\d+号$/;
const ORG_LINE = /^[\p{Script=Han}()]{2,30}(?:局|委员会|政府|办公室|院|中心|所|厅|部|办|委)$/u;

function splitLines(text: string, folded: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const raw = folded.slice(start, end);
    if (!isJunkLine(raw)) {
      // A Markdown heading mark (## 一、…) is layout, not words.
      const lead = raw.length - raw.trimStart().replace(MARKDOWN_HEADING, '').length;
      const trail = raw.length - raw.trimEnd().length;
      lines.push({ start: start + lead, end: end - trail, folded: raw.slice(lead, raw.length - trail) });
    }
    start = end + 1;
  }
  return lines;
}

/** The title: leading short lines without sentence punctuation (a title may be broken over two lines). */
function titleLines(lines: readonly Line[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < lines.length && out.length < 3; i++) {
    const line = lines[i]!;
    if (DOCUMENT_NUMBER.test(line.folded)) continue;
    if (matchHeadingMark(line.folded) || !looksLikeHeadingLine(line.folded) || /[,，]/.test(line.folded)) break;
    out.push(i);
  }
  return out.length < lines.length ? out : [];
}

/** The date of a signature line: the line is a date, or an office name followed by a date. */
export function signatureDate(folded: string): RegExpExecArray | undefined {
  const compact = folded.replace(/\s+/g, '');
  const m = DATE_AT_END.exec(compact);
  const before = m ? compact.slice(0, m.index) : '';
  return m && (before === '' || ORG_LINE.test(before)) ? m : undefined;
}

function signatureLines(lines: readonly Line[]): number[] {
  const out: number[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < 3; i--) {
    const f = lines[i]!.folded;
    if (!signatureDate(f) && !ORG_LINE.test(f.replace(/\s+/g, ''))) break;
    out.unshift(i);
  }
  return out.some((i) => signatureDate(lines[i]!.folded)) ? out : [];
}

export function readLayout(text: string, folded: string): Layout {
  const lines = splitLines(text, folded);
  return { lines, titleLines: titleLines(lines), signatureLines: signatureLines(lines) };
}
