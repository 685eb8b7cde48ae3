/**
 * Telegram HTML: the one escaper every dynamic string goes through, a few tags, and splitting
 * into messages that stay under Telegram's limits without breaking a tag.
 */
/** Telegram's limit for message text; raw HTML is kept under it, so the visible text is too. */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** The only escaper: every string that is not our own markup goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ESCAPES[ch] ?? ch);
}

export function bold(text: string): string {
  return `<b>${escapeHtml(text)}</b>`;
}

export function italic(text: string): string {
  return `<i>${escapeHtml(text)}</i>`;
}

/** Monospace: Telegram copies it on a tap. */
export function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', quot: '"', amp: '&' };

/** The visible text of our HTML, for resending when Telegram rejects the markup. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    });
}

/** Cuts plain text to `max` UTF-16 units, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text.slice(0, max - 1));
  if (chars.join('').length > max - 1) chars.pop();
  return `${chars.join('')}…`;
}

/** Joins HTML blocks into as few messages as fit, splitting only between blocks or, for a huge block, inside it safely. */
export function paginate(blocks: readonly string[], limit = MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let current = '';
  for (const block of blocks.flatMap((b) => splitHtml(b, limit))) {
    const joined = current ? `${current}\n\n${block}` : block;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    if (current) messages.push(current);
    current = block;
  }
  if (current) messages.push(current);
  return messages;
}

interface Unit {
  readonly html: string;
  readonly open?: string;
  readonly close?: string;
}

const UNIT = /<(\/?)([a-z-]+)[^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/giu;

function units(html: string): Unit[] {
  const out: Unit[] = [];
  for (const m of html.matchAll(UNIT)) {
    const [whole, slash, tag] = m;
    if (tag === undefined) out.push({ html: whole });
    else out.push(slash ? { html: whole, close: tag.toLowerCase() } : { html: whole, open: tag.toLowerCase() });
  }
  return out;
}

/** How good a place is to cut after this unit: a line end, a sentence end, anything else. */
function cutRank(unit: Unit): number {
  if (unit.html === '\n') return 2;
  if (/^[。！？；!?;]$/.test(unit.html)) return 1;
  return 0;
}

interface Cut {
  readonly at: number;
  readonly length: number;
  readonly openTags: readonly Unit[];
}

const closing = (open: readonly Unit[]) => open.map((u) => `</${u.open}>`).reverse().join('');

/**
 * Splits one balanced HTML string into pieces of at most `limit` units, never inside a tag
 * or an entity: tags open at a cut are closed before it and reopened after it.
 */
export function splitHtml(html: string, limit = MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return [html];
  const all = units(html);
  const pieces: string[] = [];
  let start = 0;
  let reopen: readonly Unit[] = [];
  while (start < all.length) {
    const cut = findCut(all, start, reopen, limit);
    const prefix = reopen.map((u) => u.html).join('');
    const body = all.slice(start, cut.at).map((u) => u.html).join('');
    pieces.push(`${prefix}${body.replace(/\n+$/, '')}${closing(cut.openTags)}`);
    start = cut.at;
    while (all[start]?.html === '\n') start++;
    reopen = cut.openTags;
  }
  return pieces.filter((p) => htmlToPlain(p).trim() !== '');
}

function findCut(all: readonly Unit[], start: number, reopen: readonly Unit[], limit: number): Cut {
  const stack = [...reopen];
  let length = reopen.reduce((n, u) => n + u.html.length, 0);
  const best: (Cut | undefined)[] = [undefined, undefined, undefined];
  for (let i = start; i < all.length; i++) {
    const unit = all[i] as Unit;
    length += unit.html.length;
    if (unit.open) stack.push(unit);
    else if (unit.close) stack.pop();
    if (length + closing(stack).length > limit) break;
    if (i === all.length - 1) return { at: all.length, length, openTags: [...stack] };
    if (unit.open) continue;
    best[cutRank(unit)] = { at: i + 1, length, openTags: [...stack] };
  }
  // Prefer the best kind of cut unless it would leave the piece less than half full.
  const found = best
    .slice()
    .reverse()
    .find((c) => c !== undefined && c.length >= limit / 2) ?? best.find((c) => c !== undefined);
  if (found) return found;
  // Not even one unit fits after the reopened tags: emit it alone rather than loop forever.
  const only = all[start] as Unit;
  const openTags = only.open ? [...reopen, only] : only.close ? reopen.slice(0, -1) : reopen;
  return { at: start + 1, length: only.html.length, openTags };
}
