/**
 * Report upload: an admin sends a document; it is downloaded (@grammyjs/files, which also reads
 * the local paths of a `telegram-bot-api --local` server), checked and ingested, and the index
 * swapped by the library. Other chats keep being answered meanwhile.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Composer } from 'grammy';
import { IngestError } from '../../ingest/errors.js';
import { isAdmin } from '../access.js';
import type { BotContext, FeatureDeps } from '../context.js';
import { escapeHtml } from '../format.js';
import { translator } from '../i18n.js';
import { sendMessages } from '../reply.js';
import { localeOf } from '../i18n.js';
import { uploadFailedHtml, uploadedHtml } from '../views.js';

/** getFile serves files up to 20 MB. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const ACCEPTED = new Set(['.txt', '.md', '.docx', '.pdf']);

/**
 * The plugin knows where a file is: a URL, or a local path under `telegram-bot-api --local`.
 * Its own downloader speaks only https, so a URL is fetched here (a local Bot API server is http).
 */
async function downloadDocument(ctx: BotContext): Promise<Uint8Array> {
  const location = (await ctx.getFile()).getUrl();
  if (path.isAbsolute(location)) return new Uint8Array(await readFile(location));
  const response = await fetch(location);
  if (!response.ok) throw new Error(`download failed: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export function uploadFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on('message:document', async (ctx) => {
    ctx.trace.command = 'upload';
    const t = translator(localeOf(ctx));
    const reply = (html: string, outcome: string) => {
      ctx.trace.outcome = outcome;
      return sendMessages(ctx, [{ html }]);
    };
    if (!isAdmin(deps.config, ctx.from.id)) return reply(escapeHtml(t('upload-not-admin')), 'uploadRefused');
    const document = ctx.message.document;
    const fileName = path.basename(document.file_name ?? 'report');
    if (!ACCEPTED.has(path.extname(fileName).toLowerCase())) return reply(escapeHtml(t('upload-wrong-type')), 'uploadWrongType');
    if ((document.file_size ?? 0) > MAX_UPLOAD_BYTES) return reply(escapeHtml(t('upload-too-big')), 'uploadTooBig');
    try {
      ctx.chatAction = 'typing';
      const meta = await deps.library.addFile(fileName, await downloadDocument(ctx));
      deps.logger.info({ chat: ctx.chat.id, report: meta.id }, 'report uploaded');
      await reply(uploadedHtml(meta, deps.answers.reports().length, t), 'uploaded');
    } catch (error) {
      // Anything but a bad file is our fault: the error boundary apologises and logs it.
      if (!(error instanceof IngestError)) throw error;
      deps.logger.warn({ chat: ctx.chat.id, reason: error.reason }, 'upload rejected');
      await reply(uploadFailedHtml(fileName, error.reason, t), 'uploadRejected');
    }
  });
  return feature;
}
