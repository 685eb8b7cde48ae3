import { Converter } from 'opencc-js';

/**
 * Folding for indexing and matching: Traditional → Simplified and full → half width,
 * always keeping the length so that an offset into the folded text is an offset into the original.
 */

const toSimplified = Converter({ from: 'tw', to: 'cn' });
const charCache = new Map<string, string>();

function simplifyChar(ch: string): string {
  const cached = charCache.get(ch);
  if (cached !== undefined) return cached;
  const converted = toSimplified(ch);
  const out = converted.length === ch.length ? converted : ch;
  charCache.set(ch, out);
  return out;
}

/** Phrase-level conversion per line; char by char when a phrase rule would change the length. */
function simplifyLine(line: string): string {
  const converted = toSimplified(line);
  if (converted.length === line.length) return converted;
  let out = '';
  for (let i = 0; i < line.length; i++) out += simplifyChar(line[i]!);
  return out;
}

function foldWidthChar(code: number): number {
  if (code === 0x3000 || code === 0xa0) return 0x20;
  if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
  if (code >= 0x41 && code <= 0x5a) code += 0x20;
  return code;
}

function foldWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(foldWidthChar(s.charCodeAt(i)));
  return out;
}

/** Simplified, half-width, lower-case ASCII; same length as the input. */
export function foldText(s: string): string {
  const simplified = s.split('\n').map(simplifyLine).join('\n');
  return foldWidth(simplified);
}

/** A junk line carries no content: empty, white space, or a lone stray mark such as `|` or `?`. */
export function isJunkLine(line: string): boolean {
  return /^[\s|?？·•\-_=*#—–…]*$/u.test(line);
}
