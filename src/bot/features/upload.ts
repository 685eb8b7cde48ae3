/**
 * Report upload: an admin sends a document; it is downloaded, checked and ingested, and the
 * index swapped by the library. Other chats keep being answered meanwhile.
 */
import path from 'node:path';
import { Composer } from 'grammy';
import { IngestError } from '../../ingest/errors.js';
import { isAdmin } from '../access.js';
import type { BotContext, BotDeps } from '../context.js';
import { escapeHtml } from '../format.js';
import { sendMessages, withTyping } from '../reply.js';
import { uploadFailedHtml, uploadedHtml } from '../views.js';

/** getFile serves files up to 20 MB. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const ACCEPTED = new Set(['.txt', '.md', '.docx', '.pdf']);

const NOT_ADMIN = '抱歉，只有管理员可以上传报告。可以直接用文字提问。';
const WRONG_TYPE = '只能导入 txt、md、docx 或 pdf 格式的报告。';
const TOO_BIG = '文件超过 20 MB，无法通过 Telegram 下载。';

async function download(deps: BotDeps, filePath: string): Promise<Uint8Array> {
  const { apiRoot, token } = deps.config.telegram;
  const response = await fetch(`${apiRoot}/file/bot${token}/${filePath}`);
  if (!response.ok) throw new Error(`download failed: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}


export function uploadFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on('message:document', async (ctx) => {
    ctx.trace.command = 'upload';
    const reply = (html: string, outcome: string) => {
      ctx.trace.outcome = outcome;
      return sendMessages(ctx, [{ html }]);
    };
    if (!isAdmin(deps.config, ctx.from.id)) return reply(escapeHtml(NOT_ADMIN), 'uploadRefused');
    const document = ctx.message.document;
    const fileName = path.basename(document.file_name ?? 'report');
    if (!ACCEPTED.has(path.extname(fileName).toLowerCase())) return reply(escapeHtml(WRONG_TYPE), 'uploadWrongType');
    if ((document.file_size ?? 0) > MAX_UPLOAD_BYTES) return reply(escapeHtml(TOO_BIG), 'uploadTooBig');
    try {
      const meta = await withTyping(ctx, async () => {
        const file = await ctx.getFile();
        if (!file.file_path) throw new Error('getFile returned no file_path');
        return deps.library.addFile(fileName, await download(deps, file.file_path));
      });
      deps.logger.info({ chat: ctx.chat.id, report: meta.id }, 'report uploaded');
      await reply(uploadedHtml(meta, deps.answers.reports().length), 'uploaded');
    } catch (error) {
      // Anything but a bad file is our fault: the error boundary apologises and logs it.
      if (!(error instanceof IngestError)) throw error;
      deps.logger.warn({ chat: ctx.chat.id, reason: error.reason }, 'upload rejected');
      await reply(uploadFailedHtml(fileName, error.reason), 'uploadRejected');
    }
  });
  return feature;
}
