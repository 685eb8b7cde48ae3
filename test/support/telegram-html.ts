/**
 * What Telegram accepts as HTML message text, checked the way the Bot API does:
 * allowed tags only, balanced by full containment, no nested blockquote, every &, < and >
 * outside a tag escaped, and the visible text within the length limit.
 */

const ALLOWED_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre', 'blockquote',
]);
const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export interface HtmlCheck {
  /** Empty when Telegram would accept the markup. */
  readonly problems: readonly string[];
  /** The text as the user sees it, entities decoded. */
  readonly visible: string;
}

export function checkTelegramHtml(html: string): HtmlCheck {
  const problems: string[] = [];
  const stack: string[] = [];
  let visible = '';
  const token = /<(\/?)([^\s>/]*)([^>]*)>|&([^;\s&<>]*);|[<>&]|[^<>&]+/g;
  for (const m of html.matchAll(token)) {
    const [whole, slash, tag, attrs = '', entity] = m;
    if (tag !== undefined) {
      const name = tag.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) problems.push(`tag not allowed: ${whole}`);
      else if (slash) {
        const open = stack.pop();
        if (open !== name) problems.push(`unbalanced: </${name}> closes <${open ?? 'nothing'}>`);
      } else {
        if (name === 'blockquote' && stack.includes('blockquote')) problems.push('nested blockquote');
        if (name === 'span' && !/^\s*class="tg-spoiler"\s*$/.test(attrs)) problems.push(`span without tg-spoiler class: ${whole}`);
        if (name === 'a' && !/^\s*href="[^"]*"\s*$/.test(attrs)) problems.push(`a without href: ${whole}`);
        stack.push(name);
      }
    } else if (entity !== undefined) {
      const decoded = decodeEntity(entity);
      if (decoded === undefined) problems.push(`unknown entity: ${whole}`);
      visible += decoded ?? '';
    } else if (whole === '<' || whole === '>' || whole === '&') {
      problems.push(`unescaped ${whole}`);
      visible += whole;
    } else {
      visible += whole;
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return { problems, visible };
}

function decodeEntity(name: string): string | undefined {
  if (/^#\d+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
  if (/^#x[0-9a-f]+$/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
  return NAMED_ENTITIES[name];
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
