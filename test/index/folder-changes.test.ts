import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticCorpus } from '../../scripts/synthetic-corpus.js';
import type { Config } from '../../src/config.js';
import { retrieveFor } from '../../src/evaluation/retrieval.js';
import { Library } from '../../src/index/library.js';
import { FULL_RETRIEVAL } from '../../src/search/retriever.js';
import { testConfig } from '../support/library.js';
import { recordingLogger } from '../support/logger.js';

const REPORTS = 10;
let work: string;
/** A folder of synthetic reports with its saved index, and one more report kept beside it. */
let base: { dir: string; names: string[]; aside: string };

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'folder-changes-test-'));
  const dir = path.join(work, 'base');
  const corpus = await makeSyntheticCorpus(path.join(dir, 'reports'), REPORTS + 1);
  const names = (await readdir(corpus.dir)).filter((f) => f !== 'manifest.json').sort();
  const aside = names.pop()!;
  await rename(path.join(corpus.dir, aside), path.join(dir, aside));
  await Library.open(testConfig({ reportsDir: corpus.dir, vectorstoreDir: path.join(dir, 'store') }), recordingLogger().logger);
  base = { dir, names, aside };
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A copy of the folder and of its saved index, as the bot left them when it stopped. */
async function stoppedBot(): Promise<{ config: Config; aside: string }> {
  const copy = await mkdtemp(path.join(work, 'copy-'));
  await cp(base.dir, copy, { recursive: true });
  return { config: testConfig({ reportsDir: path.join(copy, 'reports'), vectorstoreDir: path.join(copy, 'store') }), aside: path.join(copy, base.aside) };
}

async function restart(config: Config): Promise<{ library: Library; messages: string[] }> {
  const { logger, messages } = recordingLogger();
  return { library: await Library.open(config, logger), messages };
}

const ids = (library: Library) => library.index.reports.map((r) => r.meta.id).sort();
const idOf = (file: string) => path.parse(file).name;
const BROUGHT_UP_TO_DATE = 'index brought up to date with the reports folder';

describe('a reports folder changed while the bot was stopped', () => {
  it('is brought up to date report by report at each start when a report was added, changed or removed, and saved so', async () => {
    const { config, aside } = await stoppedBot();
    const [changedName, removedName] = [base.names[3]!, base.names[7]!];

    await cp(aside, path.join(config.reportsDir, path.basename(aside)));
    // Ingest reads the top of the folder only: a file put in a sub-folder is no report.
    await mkdir(path.join(config.reportsDir, 'archive'));
    await cp(path.join(config.reportsDir, changedName), path.join(config.reportsDir, 'archive', 'old-copy.txt'));
    const added = await restart(config);
    expect(added.messages).toContain(BROUGHT_UP_TO_DATE);
    expect(added.messages).not.toContain('index built');
    expect(ids(added.library)).toEqual([...base.names, base.aside].map(idOf).sort());
    await added.library.saved();

    const changedFile = path.join(config.reportsDir, changedName);
    await writeFile(changedFile, `${await readFile(changedFile, 'utf8')}\n另外，全年组织普法讲座4321场。\n`);
    const changed = await restart(config);
    expect(changed.messages).toContain(BROUGHT_UP_TO_DATE);
    const region = changed.library.index.reports.find((r) => r.meta.file === changedName)!.meta.region;
    const question = `${region}全年组织普法讲座多少场`;
    const hits = await retrieveFor(changed.library.index, question, FULL_RETRIEVAL, 5);
    expect(hits.some((h) => h.chunk.text.includes('4321场'))).toBe(true);
    await changed.library.saved();

    await rm(path.join(config.reportsDir, removedName));
    const removed = await restart(config);
    expect(removed.messages).toContain(BROUGHT_UP_TO_DATE);
    expect(ids(removed.library)).toEqual([...base.names, base.aside].filter((n) => n !== removedName).map(idOf).sort());
    const removedRegion = changed.library.index.reports.find((r) => r.meta.file === removedName)!.meta.region;
    const left = await retrieveFor(removed.library.index, `${removedRegion}法律援助`, FULL_RETRIEVAL, 20);
    expect(left.every((h) => h.report.meta.file !== removedName)).toBe(true);
    await removed.library.saved();

    const again = await restart(config);
    expect(again.messages).toContain('index loaded');
    expect(again.messages).not.toContain(BROUGHT_UP_TO_DATE);
    expect(ids(again.library)).toEqual(ids(removed.library));
    expect((await retrieveFor(again.library.index, question, FULL_RETRIEVAL, 5)).some((h) => h.chunk.text.includes('4321场'))).toBe(true);
  });

  it('is built anew when a new file repeats a report it holds, so that the first by name is kept and the copy named', async () => {
    const { config } = await stoppedBot();
    const original = base.names[5]!;
    await cp(path.join(config.reportsDir, original), path.join(config.reportsDir, `copy-${original}`));
    const { library, messages } = await restart(config);
    expect(messages).toContain('index built');
    expect(library.problems()).toContainEqual(expect.objectContaining({ file: `copy-${original}`, duplicateOf: original }));
    expect(ids(library)).toEqual(base.names.map(idOf).sort());
  });

  it('is built anew when more than a tenth of its reports changed', async () => {
    const { config } = await stoppedBot();
    for (const name of base.names.slice(0, 2)) await rm(path.join(config.reportsDir, name));
    const { library, messages } = await restart(config);
    expect(messages).toContain('saved index is out of date: rebuilding it');
    expect(ids(library)).toEqual(base.names.slice(2).map(idOf).sort());
  });
});
