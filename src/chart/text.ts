import type { Period } from '../ingest/types.js';

/** One line of plain text: no control characters or runs of spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

/** Text for ECharts, which reads `{a|b}` as markup: braces go full-width. */
export function displayText(text: string): string {
  return oneLine(text).replace(/\{/g, '｛').replace(/\}/g, '｝');
}

/** Rough advance of one character in em: CJK and full-width forms are square, Latin and digits about half. */
function charEm(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x2e80 || (code >= 0x2000 && code <= 0x206f)) return 1;
  return /[A-Z%@#&WM]/.test(char) ? 0.68 : 0.56;
}

export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const char of text) em += charEm(char);
  return Math.ceil(em * fontSize);
}

/**
 * Breaks text into at most `maxLines` lines of `maxWidth` px, lines of even length (a lone last
 * character reads badly); the last line ends in … when text is left over.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines: number): string[] {
  const lineCount = Math.min(maxLines, Math.ceil(textWidth(text, fontSize) / maxWidth));
  const lineWidth = lineCount > 1 ? Math.min(maxWidth, Math.ceil(textWidth(text, fontSize) / lineCount) + fontSize / 2) : maxWidth;
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line !== '' && textWidth(line + char, fontSize) > lineWidth) {
      lines.push(line);
      line = '';
      if (lines.length === maxLines) break;
    }
    line += char;
  }
  if (lines.length < maxLines) {
    if (line !== '') lines.push(line);
    return lines;
  }
  return [...lines.slice(0, -1), ellipsize(lines.at(-1) ?? '', maxWidth, fontSize)];
}

function ellipsize(line: string, maxWidth: number, fontSize: number): string {
  let chars = [...line];
  while (chars.length > 0 && textWidth(chars.join('') + '…', fontSize) > maxWidth) chars = chars.slice(0, -1);
  return chars.join('') + '…';
}

/** e.g. 2024全年, 2024上半年: how legends and titles name a report's period. */
export function periodLabel(report: { readonly year: number; readonly period: Period }): string {
  return `${report.year}${report.period}`;
}

/** e.g. 阳山县司法局 2024年法治政府建设年度报告, 镜湖区司法局 2024年上半年工作总结. */
export function reportName(report: {
  readonly bureau: string;
  readonly year: number;
  readonly period: Period;
  readonly kind?: string;
}): string {
  const period = report.period === '全年' ? '' : report.period;
  return `${report.bureau} ${report.year}年${period}${report.kind ?? '报告'}`;
}

/** `[1][3][4]` for the citations a chart draws from, ascending, once each. */
export function citationMarks(numbers: Iterable<number>): string {
  return [...new Set(numbers)]
    .sort((a, b) => a - b)
    .map((n) => `[${n}]`)
    .join('');
}
