/**
 * A Markdown report as the plain text a reader sees: heading marks (##), list bullets and quote marks
 * at line starts, emphasis (**粗体**, __x__, `x`) and link syntax ([文字](链接)) go; the words stay.
 * Quotes and offsets then refer to this text, as for any other report.
 */
export function markdownText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^\s{0,3}>\s?/, '')
        .replace(/^(\s*)[-*+]\s+(?=\S)/, '$1')
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/(\*\*|__)(.+?)\1/g, '$2')
        .replace(/`([^`]*)`/g, '$1')
        .replace(/^\s*(?:[-*_]\s*){3,}$/, ''),
    )
    .join('\n');
}
