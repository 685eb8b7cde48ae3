/**
 * Report upload: an admin sends a document; it is downloaded (@grammyjs/files, which also reads
 * the local paths of a `telegram-bot-api --local` server) with a size cap, parsed in a worker and
 * kept as a version before anything changes. A report that would replace another waits for the
 * admin's button; /versions lists the kept versions with buttons to restore one; /remove takes a
 * report out (kept as a version too). Other chats keep being answered meanwhile.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Composer } from 'grammy';
import type { UploadOutcome } from '../../index/report-shelf.js';
import { VERSION_KEY_LENGTH } from '../../index/report-versions.js';
import { IngestError } from '../../ingest/errors.js';
import type { ReportMeta } from '../../ingest/types.js';
import { SUPPORTED_EXTENSIONS } from '../../ingest/index.js';
import { LIMITS, megabytes } from '../../ingest/limits.js';
import { isAdmin } from '../access.js';
import { answerStale, editPressed, labelButtonPress } from '../buttons.js';
import { decodeAction, findReport } from '../callbacks.js';
import type { BotContext, FeatureDeps } from '../context.js';
import { escapeHtml } from '../format.js';
import { localeOf, translator, type Translate } from '../i18n.js';
import { sendMessages } from '../reply.js';
import { removeCandidatesMessage, removedHtml, replacedHtml, uploadConflictMessage, uploadDuplicateHtml, uploadedHtml, uploadFailedHtml, versionsMessage, type BotMessage } from '../views.js';

/** A download larger than the limit, whatever the Bot API said of its size. */
class DownloadTooLarge extends Error {}

/** Reads a streamed download, stopping as soon as it passes the size limit (a local Bot API server may not say its size). */
async function readCapped(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const part of body) {
    bytes += part.byteLength;
    if (bytes > LIMITS.fileBytes) throw new DownloadTooLarge();
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/**
 * The plugin knows where a file is: a URL, or a local path under `telegram-bot-api --local`.
 * Its own downloader speaks only https, so a URL is fetched here (a local Bot API server is http).
 */
async function downloadDocument(ctx: BotContext): Promise<Uint8Array> {
  const location = (await ctx.getFile()).getUrl();
  if (path.isAbsolute(location)) {
    if ((await stat(location)).size > LIMITS.fileBytes) throw new DownloadTooLarge();
    return new Uint8Array(await readFile(location));
  }
  const response = await fetch(location);
  if (!response.ok || !response.body) throw new Error(`download failed: HTTP ${response.status}`);
  return readCapped(response.body as AsyncIterable<Uint8Array>);
}

function outcomeMessage(outcome: UploadOutcome, count: number, t: Translate): BotMessage {
  if (outcome.kind === 'added') return { html: uploadedHtml(outcome.meta, count, t) };
  if (outcome.kind === 'duplicate') return { html: uploadDuplicateHtml(outcome.existing, t) };
  const key = outcome.version.hash.slice(0, VERSION_KEY_LENGTH);
  return uploadConflictMessage(outcome.meta, outcome.existing, key, outcome.existing.file === outcome.version.file, t);
}

/** What a pressed change of the shelf is traced as, and the title of its failure. */
const PRESSED_CHANGES = {
  version: { done: 'versionUsed', refused: 'versionRefused', failedTitle: 'upload-failed' },
  remove: { done: 'reportRemoved', refused: 'removeRefused', failedTitle: 'remove-failed' },
} as const;

export function uploadFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  /** Makes an admin's pressed change of the shelf and shows what became of it in the pressed message. */
  const changePressed = async (ctx: BotContext, change: () => Promise<ReportMeta>, shown: (meta: ReportMeta) => string, kind: keyof typeof PRESSED_CHANGES, t: Translate) => {
    const outcomes = PRESSED_CHANGES[kind];
    try {
      ctx.chatAction = 'typing';
      const meta = await change();
      await editPressed(ctx, { html: shown(meta) });
      ctx.trace.outcome = outcomes.done;
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      await editPressed(ctx, { html: uploadFailedHtml(error.file, error.reason, t, outcomes.failedTitle) });
      ctx.trace.outcome = outcomes.refused;
    }
  };
  /** The report of a /remove button, if it is still served: taken out, kept as a version. */
  const removeReport = async (ctx: BotContext & { from: NonNullable<BotContext['from']> }, key: string, t: Translate) => {
    const meta = findReport(deps.answers.reports(), key);
    if (!meta) return answerStale(ctx);
    await ctx.answerCallbackQuery({ text: t('remove-removing') });
    await changePressed(ctx, () => deps.shelf.remove(meta.file, ctx.from.id), (removed) => removedHtml(removed, deps.answers.reports().length, t), 'remove', t);
  };
  const reply = (ctx: BotContext, message: BotMessage, outcome: string) => {
    ctx.trace.outcome = outcome;
    return sendMessages(ctx, [message]);
  };
  const tooBig = (t: Translate): BotMessage => ({ html: escapeHtml(t('upload-too-big', { limit: megabytes(LIMITS.fileBytes) })) });

  feature.on('message:document', async (ctx) => {
    ctx.trace.command = 'upload';
    const t = translator(localeOf(ctx));
    if (!isAdmin(deps.config, ctx.from.id)) return reply(ctx, { html: escapeHtml(t('upload-not-admin')) }, 'uploadRefused');
    const document = ctx.message.document;
    const sentName = document.file_name ?? 'report';
    if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(path.extname(sentName).toLowerCase())) {
      return reply(ctx, { html: escapeHtml(t('upload-wrong-type', { types: SUPPORTED_EXTENSIONS.map((e) => e.slice(1)).join(', ') })) }, 'uploadWrongType');
    }
    if ((document.file_size ?? 0) > LIMITS.fileBytes) return reply(ctx, tooBig(t), 'uploadTooBig');
    try {
      ctx.chatAction = 'typing';
      const outcome = await deps.shelf.upload(sentName, await downloadDocument(ctx), ctx.from.id);
      deps.logger.info({ chat: ctx.chat.id, outcome: outcome.kind }, 'report uploaded');
      await reply(ctx, outcomeMessage(outcome, deps.answers.reports().length, t), `upload:${outcome.kind}`);
    } catch (error) {
      if (error instanceof DownloadTooLarge) return reply(ctx, tooBig(t), 'uploadTooBig');
      // Anything but a bad file is our fault: the error boundary apologises and logs it.
      if (!(error instanceof IngestError)) throw error;
      deps.logger.warn({ chat: ctx.chat.id, reason: error.reason }, 'upload rejected');
      await reply(ctx, { html: uploadFailedHtml(error.file, error.reason, t) }, 'uploadRejected');
    }
  });

  feature.command('versions', async (ctx) => {
    ctx.trace.command = 'versions';
    const t = translator(localeOf(ctx));
    if (!ctx.from || !isAdmin(deps.config, ctx.from.id)) return reply(ctx, { html: escapeHtml(t('upload-not-admin')) }, 'versionsRefused');
    await reply(ctx, versionsMessage(await deps.shelf.listVersions(), VERSION_KEY_LENGTH, t), 'versions');
  });

  feature.command('remove', async (ctx) => {
    ctx.trace.command = 'remove';
    const t = translator(localeOf(ctx));
    if (!ctx.from || !isAdmin(deps.config, ctx.from.id)) return reply(ctx, { html: escapeHtml(t('upload-not-admin')) }, 'removeRefused');
    const query = ctx.match.trim();
    await reply(ctx, removeCandidatesMessage(query, deps.shelf.matching(query), t), 'removeOffered');
  });

  feature.callbackQuery(/^r:/, async (ctx) => {
    labelButtonPress(ctx, 'version');
    const action = decodeAction(ctx.callbackQuery.data);
    if (!action || (action.kind !== 'versionUse' && action.kind !== 'versionKeep' && action.kind !== 'reportRemove')) return answerStale(ctx);
    const t = translator(localeOf(ctx));
    if (!isAdmin(deps.config, ctx.from.id)) return ctx.answerCallbackQuery({ text: t('upload-not-admin') });
    if (action.kind === 'reportRemove') return removeReport(ctx, action.report, t);
    if (action.kind === 'versionKeep') {
      await ctx.answerCallbackQuery();
      return editPressed(ctx, { html: escapeHtml(t('upload-kept')) });
    }
    await ctx.answerCallbackQuery({ text: t('upload-replacing') });
    await changePressed(ctx, () => deps.shelf.replaceWith(action.version, ctx.from.id), (meta) => replacedHtml(meta, deps.answers.reports().length, t), 'version', t);
  });
  return feature;
}
