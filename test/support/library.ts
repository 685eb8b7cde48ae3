import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { TokenLedger } from '../../src/answer/llm/budget.js';
import { createAnswerService } from '../../src/answer/service.js';
import type { AnswerService } from '../../src/answer/types.js';
import { loadConfig, projectRoot, type Config } from '../../src/config.js';
import { builderVersion } from '../../src/index/builder-version.js';
import { Library } from '../../src/index/library.js';
import { hashSources } from '../../src/index/sources.js';
import { createLogger } from '../../src/logger.js';

/**
 * The real index of `reports/`, for tests. Built once into a fixed folder under the system temp
 * dir keyed by the reports' hashes and the builder version, so test files and vitest workers
 * share it; workers building at the same time are safe because index writes are atomic.
 */

const reportsDir = path.join(projectRoot, 'reports');
let opened: Promise<Library> | undefined;

/** Offline configuration (no Telegram, no OpenAI) over the given folders. */
export function testConfig(dirs: { reportsDir?: string; vectorstoreDir: string }): Config {
  return loadConfig({
    REPORTS_DIR: dirs.reportsDir ?? reportsDir,
    VECTORSTORE_DIR: dirs.vectorstoreDir,
    DATA_DIR: path.join(dirs.vectorstoreDir, 'data'),
    LOG_LEVEL: 'silent',
  });
}

/** The folder the shared test index lives in (worker processes load it from there). */
export async function sharedIndexDir(): Promise<string> {
  const sources = await hashSources(reportsDir);
  const key = createHash('sha256')
    .update(JSON.stringify(sources))
    .update(await builderVersion())
    .digest('hex')
    .slice(0, 16);
  return path.join(os.tmpdir(), `gov-report-bot-test-index-${key}`);
}

export function openTestLibrary(): Promise<Library> {
  opened ??= (async () => {
    const config = testConfig({ vectorstoreDir: await sharedIndexDir() });
    return Library.open(config, createLogger('silent'));
  })();
  return opened;
}

/** The answer service over the shared test index, its answers written by the model at `baseURL` (a stand-in), without retries. */
export async function serviceWithModel(baseURL: string, env: Record<string, string> = {}, ledger?: TokenLedger): Promise<AnswerService> {
  const config = loadConfig({
    REPORTS_DIR: reportsDir,
    VECTORSTORE_DIR: path.join(os.tmpdir(), 'llm-test-unused'),
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: baseURL,
    LLM_MAX_RETRIES: '0',
    ...env,
  });
  return createAnswerService({ config, logger: createLogger('silent'), library: await openTestLibrary(), ...(ledger ? { ledger } : {}) });
}
