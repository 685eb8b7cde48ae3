/**
 * What a user asked for, parsed from one line of text. Shared by the Telegram bot and the
 * terminal chat so that both understand exactly the same commands.
 */

export type Request =
  | { readonly kind: 'start' }
  | { readonly kind: 'help' }
  /** A question; empty when `/ask` came without one. */
  | { readonly kind: 'ask'; readonly question: string }
  | { readonly kind: 'summary'; readonly region?: string }
  /** Zero, one or two regions as typed; the topic only after two regions. */
  | { readonly kind: 'compare'; readonly regions: readonly string[]; readonly topic?: string }
  | { readonly kind: 'reports' }
  /** `n` absent when the argument is missing or not a positive number. */
  | { readonly kind: 'source'; readonly n?: number }
  | { readonly kind: 'unknown'; readonly command: string };

export type CommandName = 'start' | 'help' | 'ask' | 'summary' | 'compare' | 'reports' | 'source';

export interface CommandInfo {
  readonly name: CommandName;
  readonly usage: string;
  readonly zh: string;
  readonly en: string;
}

/** The command menu, in the order users see it. */
export const COMMANDS: readonly CommandInfo[] = [
  { name: 'start', usage: '/start', zh: '开始：功能介绍与示例问题', en: 'Start: what this bot does, with examples' },
  { name: 'help', usage: '/help', zh: '帮助：全部命令与用法', en: 'Help: all commands and how to use them' },
  { name: 'ask', usage: '/ask 问题', zh: '提问（直接发送文字也可以）', en: 'Ask a question (plain text works too)' },
  { name: 'summary', usage: '/summary [地区]', zh: '某地司法局报告摘要', en: "Summary of a bureau's report" },
  { name: 'compare', usage: '/compare 甲 乙 [主题]', zh: '比较两个地区', en: 'Compare two regions' },
  { name: 'reports', usage: '/reports', zh: '已收录的报告', en: 'Reports the bot knows' },
  { name: 'source', usage: '/source 编号', zh: '查看上一个回答中第 N 条引用的原文', en: 'Full passage of citation N of the last answer' },
];

const KNOWN = new Set<string>(COMMANDS.map((c) => c.name));

const COMMAND_LINE = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/;

/** Separators between regions in `/compare 阳山 梁平`, including Chinese punctuation. */
const ARG_SEPARATOR = /[\s,，、;；]+/;

/**
 * Parses one message. Returns undefined for a command addressed to another bot
 * (`/help@OtherBot`), which this bot must ignore in groups.
 */
export function parseRequest(text: string, botUsername?: string): Request | undefined {
  const trimmed = text.trim();
  const match = COMMAND_LINE.exec(trimmed);
  if (!match) return { kind: 'ask', question: trimmed };
  const [, rawName = '', target, rawArgs = ''] = match;
  if (target && botUsername && target.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  const name = rawName.toLowerCase();
  const args = rawArgs.trim();
  if (!KNOWN.has(name)) return { kind: 'unknown', command: name };
  return commandRequest(name as CommandName, args);
}

function commandRequest(name: CommandName, args: string): Request {
  switch (name) {
    case 'start':
    case 'help':
    case 'reports':
      return { kind: name };
    case 'ask':
      return { kind: 'ask', question: args };
    case 'summary':
      return args ? { kind: 'summary', region: args } : { kind: 'summary' };
    case 'compare':
      return compareRequest(args);
    case 'source':
      return sourceRequest(args);
  }
}

function compareRequest(args: string): Request {
  const words = args.split(ARG_SEPARATOR).filter(Boolean);
  const [a, b, ...rest] = words;
  if (a === undefined) return { kind: 'compare', regions: [] };
  if (b === undefined) return { kind: 'compare', regions: [a] };
  const topic = rest.join(' ');
  return topic ? { kind: 'compare', regions: [a, b], topic } : { kind: 'compare', regions: [a, b] };
}

function sourceRequest(args: string): Request {
  const digits = args.normalize('NFKC').replace(/^\[|\]$/g, '').trim();
  if (!/^\d{1,3}$/.test(digits)) return { kind: 'source' };
  const n = Number(digits);
  return n > 0 ? { kind: 'source', n } : { kind: 'source' };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The known command a mistyped one most likely meant (/sumary → summary), if any is close. */
export function nearestCommand(name: string): CommandName | undefined {
  const ranked = COMMANDS.map((c) => ({ name: c.name, distance: editDistance(name, c.name) })).sort((x, y) => x.distance - y.distance);
  const best = ranked[0];
  return best && best.distance <= 2 ? best.name : undefined;
}
