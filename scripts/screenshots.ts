/**
 * Screenshots at phone width of what a Telegram user sees: the real bot, in process, against the
 * loopback Bot API stand-in; the captured messages (HTML, buttons, chart photos) are laid out as
 * chat bubbles and rendered by headless Chromium (Debian's `chromium`) into docs/screenshots/.
 *
 *   npx tsx scripts/screenshots.ts [--out docs/screenshots] [--chromium /usr/bin/chromium]
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createAnswerService } from '../src/answer/service.js';
import { createBot } from '../src/bot/bot.js';
import { renderAnswerChart } from '../src/chart/index.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { Library } from '../src/index/library.js';
import { createLogger } from '../src/logger.js';
import { processState } from '../src/state/bot-state.js';
import { BOT_USER, TelegramStandIn, type Chat, type Sent } from '../test/support/telegram-standin.js';

/** An iPhone-sized viewport in CSS pixels, rendered at twice the density. */
const PHONE_WIDTH = 390;
const DEVICE_SCALE = 2;

interface Bubble {
  readonly from: 'user' | 'bot';
  readonly sent?: Sent;
  readonly text?: string;
}

const { values } = parseArgs({
  options: { out: { type: 'string', default: path.join(projectRoot, 'docs', 'screenshots') }, chromium: { type: 'string', default: '/usr/bin/chromium' } },
});

const tmp = await mkdtemp(path.join(os.tmpdir(), 'screenshots-'));
const standIn = await TelegramStandIn.start();
const config = loadConfig({ ...process.env, TELEGRAM_BOT_TOKEN: standIn.token, TELEGRAM_API_ROOT: standIn.apiRoot, DATA_DIR: path.join(tmp, 'data'), LOG_LEVEL: 'warn' });
const logger = createLogger('warn');
const library = await Library.open(config, logger);
const answers = createAnswerService({ config, logger, library });
const botInfo = { ...BOT_USER, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true, can_connect_to_business: false, has_main_web_app: false };
const { bot } = createBot({ config, logger, answers, shelf: library.shelf, charts: { render: renderAnswerChart }, state: processState(config, logger), botInfo: botInfo as never });

/** Hands the queued updates to the bot and returns what it sent to the chat meanwhile. */
async function deliver(chat: Chat, send: () => unknown): Promise<Sent[]> {
  const before = standIn.sent.length;
  send();
  for (const update of standIn.takeUpdates()) await bot.handleUpdate(update as never);
  return standIn.sent.slice(before).filter((s) => s.chatId === chat.id);
}

async function say(chat: Chat, text: string): Promise<Bubble[]> {
  const sent = await deliver(chat, () => standIn.sendText(chat, text));
  return [{ from: 'user', text }, ...sent.map((s): Bubble => ({ from: 'bot', sent: s }))];
}

/** The same, then the chart that follows the text (the bot sends it without holding the chat). */
async function sayWithChart(chat: Chat, text: string): Promise<Bubble[]> {
  const before = standIn.sent.length;
  const bubbles = await say(chat, text);
  const photo = await standIn.waitFor(() => standIn.sent.slice(before).find((s) => s.chatId === chat.id && s.method === 'sendPhoto'), 30_000, 'the chart');
  return bubbles.some((b) => b.sent === photo) ? bubbles : [...bubbles, { from: 'bot', sent: photo }];
}

async function press(chat: Chat, message: Sent, data: string): Promise<Sent[]> {
  return deliver(chat, () => standIn.pressButton(chat, message.messageId, data));
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function bubbleHtml(bubble: Bubble): string {
  if (bubble.from === 'user') return `<div class="user">${escape(bubble.text ?? '')}</div>`;
  const sent = bubble.sent as Sent;
  const photo = sent.photo ? `<img src="data:image/png;base64,${Buffer.from(sent.photo).toString('base64')}">` : '';
  // A blockquote is a block of its own in Telegram: the line breaks around it add no empty line.
  const text = sent.html ? sent.text.replace(/\n?(<blockquote[^>]*>)/g, '$1').replace(/<\/blockquote>\n?/g, '</blockquote>') : escape(sent.text);
  const keyboard = sent.keyboard.map((row) => `<div class="row">${row.map((label) => `<span>${escape(label)}</span>`).join('')}</div>`).join('');
  return `<div class="bot${sent.photo ? ' photo' : ''}">${photo}${text ? `<div class="text">${text}</div>` : ''}</div>${keyboard ? `<div class="keys">${keyboard}</div>` : ''}`;
}

function pageHtml(bubbles: readonly Bubble[]): string {
  const fonts = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  const font = (file: string, weight: number) =>
    `@font-face { font-family: 'Noto Sans SC'; src: url('${pathToFileURL(path.join(fonts, file)).href}'); font-weight: ${weight}; }`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
${font('NotoSansHans-Regular.otf', 400)}
${font('NotoSansHans-Bold.otf', 700)}
body { margin: 0; padding: 10px 8px 14px; width: ${PHONE_WIDTH - 16}px; background: #cfdcc6; font: 15px/1.38 'Noto Sans SC', sans-serif; color: #111; }
.user, .bot { max-width: 86%; padding: 6px 10px 7px; border-radius: 14px; margin: 6px 0; white-space: pre-wrap; word-wrap: break-word; box-shadow: 0 1px 1px rgba(0,0,0,.12); }
.user { margin-left: auto; background: #e2fcc9; width: fit-content; }
.bot { background: #fff; width: fit-content; }
.bot.photo { padding: 3px; max-width: 92%; }
.bot.photo img { display: block; width: 100%; border-radius: 11px; }
.bot.photo .text { padding: 4px 7px 3px; }
blockquote { margin: 4px 0; padding: 2px 8px; border-left: 3px solid #3d9be9; background: #eaf4fd; border-radius: 4px; white-space: pre-wrap; }
blockquote[expandable] { max-height: 4.1em; overflow: hidden; position: relative; }
blockquote[expandable]::after { content: '⌄'; position: absolute; right: 6px; bottom: 0; color: #3d9be9; }
code { font-family: inherit; color: #1a6bb8; background: #eef3f8; padding: 0 2px; border-radius: 3px; }
.keys { max-width: 92%; margin: -2px 0 8px; }
.row { display: flex; gap: 4px; margin-top: 4px; }
.row span { flex: 1; text-align: center; font-size: 13.5px; padding: 7px 4px; color: #fff; background: rgba(70, 100, 80, .45); border-radius: 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
</style></head><body>${bubbles.map(bubbleHtml).join('\n')}<script>window.addEventListener('load', () => document.fonts.ready.then(() => { document.title = String(Math.ceil(document.body.getBoundingClientRect().height)); }));</script></body></html>`;
}

function chromium(args: readonly string[]): string {
  const common = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--allow-file-access-from-files', `--user-data-dir=${path.join(tmp, 'chromium')}`];
  return execFileSync(values.chromium, [...common, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Two runs: the first measures the page's height, the second takes the picture at that size. */
async function shoot(name: string, bubbles: readonly Bubble[]): Promise<void> {
  const page = path.join(tmp, `${name}.html`);
  await writeFile(page, pageHtml(bubbles));
  const url = pathToFileURL(page).href;
  const dom = chromium([`--window-size=${PHONE_WIDTH},200`, '--virtual-time-budget=3000', '--dump-dom', url]);
  const height = Number(/<title>(\d+)<\/title>/.exec(dom)?.[1] ?? 1600);
  const out = path.join(values.out, `${name}.png`);
  chromium([`--window-size=${PHONE_WIDTH},${height}`, `--force-device-scale-factor=${DEVICE_SCALE}`, '--hide-scrollbars', '--virtual-time-budget=3000', `--screenshot=${out}`, url]);
  process.stdout.write(`${out} (${PHONE_WIDTH}×${height} CSS px)\n`);
}

try {
  await mkdir(values.out, { recursive: true });
  let chatId = 1000;
  const chat = (extra: Partial<Chat> = {}): Chat => ({ id: chatId++, ...extra });

  await shoot('start', await say(chat(), '/start'));
  await shoot('start-en', await say(chat({ language: 'en' }), '/start'));

  const factChat = chat();
  await shoot('fact', [...(await say(factChat, '阳山县2024年一共受理了多少件法律援助案件？')), ...(await say(factChat, '那梁平区呢？'))]);

  const summaryChat = chat();
  const summary = await sayWithChart(summaryChat, '/summary 慈溪');
  await shoot('summary', summary.filter((b) => b.sent?.method !== 'sendPhoto'));
  const overview = summary.find((b) => b.sent?.buttons.some((d) => d.startsWith('v:')))?.sent;
  const problems = overview?.buttons.find((d, i) => d.startsWith('v:') && /问题/.test(overview.keyboard.flat()[i] ?? ''));
  if (overview && problems) {
    const [edited] = await press(summaryChat, overview, problems);
    if (edited) await shoot('summary-problems', [{ from: 'bot', sent: edited }]);
  }

  await shoot('compare', await sayWithChart(chat(), '/compare 阳山 梁平 人民调解'));
} finally {
  await standIn.close();
  await rm(tmp, { recursive: true, force: true });
}
