/**
 * Report upload: an admin sends a document; it is downloaded (with a size cap), parsed in a worker
 * and kept as a version before anything changes. A report that would replace another waits for
 * the admin's button; /versions lists the kept versions with buttons to restore one. Other chats
 * keep being answered meanwhile.
 */
import path from 'node:path';
import { Composer } from 'grammy';
import type { UploadOutcome } from '../../index/library.js';
import { VERSION_KEY_LENGTH } from '../../index/report-versions.js';
import { IngestError } from '../../ingest/errors.js';
import { SUPPORTED_EXTENSIONS } from '../../ingest/index.js';
import { LIMITS, megabytes } from '../../ingest/limits.js';
import { isAdmin } from '../access.js';
import { answerStale, editPressed, labelButtonPress } from '../buttons.js';
import { decodeAction } from '../callbacks.js';
import type { BotContext, BotDeps } from '../context.js';
import { escapeHtml } from '../format.js';
import { sendMessages, withTyping } from '../reply.js';
import { replacedHtml, uploadConflictMessage, uploadDuplicateHtml, uploadedHtml, uploadFailedHtml, versionsMessage, type BotMessage } from '../views.js';

const NOT_ADMIN = '抱歉，只有管理员可以上传报告。可以直接用文字提问。';
const WRONG_TYPE = `只能导入 ${SUPPORTED_EXTENSIONS.map((e) => e.slice(1)).join('、')} 格式的报告。`;
const TOO_BIG = `文件超过 ${megabytes(LIMITS.fileBytes)}，不能导入。`;
const KEPT = '好的，现有报告不变；上传的文件已作为版本保留（/versions）。';

/** A download larger than the limit, whatever the Bot API said of its size. */
class DownloadTooLarge extends Error {}

/** Reads the file, stopping as soon as it passes the size limit (a local Bot API server may not say its size). */
async function download(deps: BotDeps, filePath: string): Promise<Uint8Array> {
  const { apiRoot, token } = deps.config.telegram;
  const response = await fetch(`${apiRoot}/file/bot${token}/${filePath}`);
  if (!response.ok || !response.body) throw new Error(`download failed: HTTP ${response.status}`);
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const part of response.body as AsyncIterable<Uint8Array>) {
    bytes += part.byteLength;
    if (bytes > LIMITS.fileBytes) throw new DownloadTooLarge();
    parts.push(part);
  }
  return Buffer.concat(parts);
}

function outcomeMessage(outcome: UploadOutcome, count: number): BotMessage {
  if (outcome.kind === 'added') return { html: uploadedHtml(outcome.meta, count) };
  if (outcome.kind === 'duplicate') return { html: uploadDuplicateHtml(outcome.existing) };
  const key = outcome.version.hash.slice(0, VERSION_KEY_LENGTH);
  return uploadConflictMessage(outcome.meta, outcome.existing, key, outcome.existing.file === outcome.version.file);
}

export function uploadFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const reply = (ctx: BotContext, message: BotMessage, outcome: string) => {
    ctx.trace.outcome = outcome;
    return sendMessages(ctx, [message]);
  };

  feature.on('message:document', async (ctx) => {
    ctx.trace.command = 'upload';
    if (!isAdmin(deps.config, ctx.from.id)) return reply(ctx, { html: escapeHtml(NOT_ADMIN) }, 'uploadRefused');
    const document = ctx.message.document;
    const sentName = document.file_name ?? 'report';
    if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(path.extname(sentName).toLowerCase())) return reply(ctx, { html: escapeHtml(WRONG_TYPE) }, 'uploadWrongType');
    if ((document.file_size ?? 0) > LIMITS.fileBytes) return reply(ctx, { html: escapeHtml(TOO_BIG) }, 'uploadTooBig');
    try {
      const outcome = await withTyping(ctx, async () => {
        const file = await ctx.getFile();
        if (!file.file_path) throw new Error('getFile returned no file_path');
        return deps.library.upload(sentName, await download(deps, file.file_path), ctx.from.id);
      });
      deps.logger.info({ chat: ctx.chat.id, outcome: outcome.kind }, 'report uploaded');
      await reply(ctx, outcomeMessage(outcome, deps.answers.reports().length), `upload:${outcome.kind}`);
    } catch (error) {
      if (error instanceof DownloadTooLarge) return reply(ctx, { html: escapeHtml(TOO_BIG) }, 'uploadTooBig');
      // Anything but a bad file is our fault: the error boundary apologises and logs it.
      if (!(error instanceof IngestError)) throw error;
      deps.logger.warn({ chat: ctx.chat.id, reason: error.reason }, 'upload rejected');
      await reply(ctx, { html: uploadFailedHtml(error.file, error.reason) }, 'uploadRejected');
    }
  });

  feature.command('versions', async (ctx) => {
    ctx.trace.command = 'versions';
    if (!ctx.from || !isAdmin(deps.config, ctx.from.id)) return reply(ctx, { html: escapeHtml(NOT_ADMIN) }, 'versionsRefused');
    await reply(ctx, versionsMessage(await deps.library.listVersions(), VERSION_KEY_LENGTH), 'versions');
  });

  feature.callbackQuery(/^v:/, async (ctx) => {
    labelButtonPress(ctx, 'version');
    const action = decodeAction(ctx.callbackQuery.data);
    if (!action || (action.kind !== 'versionUse' && action.kind !== 'versionKeep')) return answerStale(ctx);
    if (!isAdmin(deps.config, ctx.from.id)) return ctx.answerCallbackQuery({ text: NOT_ADMIN });
    if (action.kind === 'versionKeep') {
      await ctx.answerCallbackQuery();
      return editPressed(ctx, { html: escapeHtml(KEPT) });
    }
    await ctx.answerCallbackQuery({ text: '正在替换…' });
    try {
      const meta = await withTyping(ctx, () => deps.library.replaceWith(action.version, ctx.from.id));
      await editPressed(ctx, { html: replacedHtml(meta, deps.answers.reports().length) });
      ctx.trace.outcome = 'versionUsed';
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      await editPressed(ctx, { html: uploadFailedHtml(error.file, error.reason) });
      ctx.trace.outcome = 'versionRefused';
    }
  });
  return feature;
}
