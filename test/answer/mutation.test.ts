import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/service.js';
import type { Answer, AnswerService } from '../../src/answer/types.js';
import { Library } from '../../src/index/library.js';
import { createLogger } from '../../src/logger.js';
import { REPORT_FILES, reportText, tempLibraryDirs } from '../ingest/fixtures.js';
import { testConfig } from '../support/library.js';

/**
 * Copies of the reports with their regions renamed, figures changed and heading styles rewritten
 * must give the correspondingly changed answers: what the bot says comes from the text in front of
 * it, not from anything that knows these five reports.
 */

/** 阳山 becomes 博罗 (of 惠州, Guangdong) and its legal aid figure 202 becomes 313. */
function boluo(): string {
  return reportText(REPORT_FILES.yangshan).replaceAll('阳山', '博罗').replaceAll('清远', '惠州').replace('共受理法律援助案件202件', '共受理法律援助案件313件');
}

/** 镜湖's report saved under another district's title, its own name taken out of the text: 我区 only. */
function yijiang(): string {
  return reportText(REPORT_FILES.jinghu).replaceAll('镜湖区', '我区').replaceAll('镜湖', '我区').replace('上半年共受理法援案件236件', '上半年共受理法援案件241件');
}

/** 梁平's run-in items (一是/二是 …) rewritten as numbered ones (1./2. …), a figure changed in Traditional script. */
function liangping(): string {
  const numbers = ['一', '二', '三', '四', '五', '六'];
  let text = reportText(REPORT_FILES.liangping);
  numbers.forEach((n, i) => (text = text.replaceAll(`${n}是`, `${i + 1}.`)));
  return text.replace('累計調解矛盾糾紛11228件', '累計調解矛盾糾紛12345件');
}

/** 慈溪's problems said under a heading of their own instead of inside a paragraph. */
function cixi(): string {
  return reportText(REPORT_FILES.cixi).replace('但还存在一些问题和不足:', '但还存在一些问题和不足。\n二、存在的问题\n').replace('二、下步工作安排', '三、下步工作安排');
}

let library: Library;
let service: AnswerService;
let cleanup: () => void;

beforeAll(async () => {
  const dirs = tempLibraryDirs();
  cleanup = dirs.cleanup;
  writeFileSync(path.join(dirs.reportsDir, 'a.txt'), boluo());
  writeFileSync(path.join(dirs.reportsDir, '弋江区司法局2024年上半年工作总结.txt'), yijiang());
  writeFileSync(path.join(dirs.reportsDir, 'c.txt'), liangping());
  writeFileSync(path.join(dirs.reportsDir, 'd.txt'), cixi());
  const config = testConfig(dirs);
  library = await Library.open(config, createLogger('silent'));
  service = createAnswerService({ config, logger: createLogger('silent'), library });
});

afterAll(() => cleanup());

function expectFigure(answer: Answer, region: string, figure: string): void {
  expect(answer.notFound, answer.text).toBe(false);
  expect(answer.text.split('\n')[0]).toContain(figure);
  expect(answer.citations.some((c) => c.region === region && c.quote.includes(figure))).toBe(true);
}

describe('renamed regions', () => {
  it('detects the new region and answers from it with the changed figure', async () => {
    expect(service.reports().map((m) => m.region).sort()).toEqual(['弋江区', '慈溪市', '梁平区', '博罗县'].sort());
    expectFigure(await service.ask('博罗县2024年受理了多少件法律援助案件？'), '博罗县', '313件');
  });

  it('no longer knows the old name as covered', async () => {
    const answer = await service.ask('阳山县2024年受理了多少件法律援助案件？');
    expect(answer.notFound).toBe(true);
    expect(answer.citations).toEqual([]);
  });

  it('reads the region from the file name when the text names none', async () => {
    expectFigure(await service.ask('弋江区上半年受理了多少件法援案件？'), '弋江区', '241件');
  });

  it('a city is answered by pointing to the county it has', async () => {
    const answer = await service.ask('惠州市2024年受理了多少件法律援助案件？');
    expect(answer.notFound).toBe(true);
    expect(answer.text).toContain('博罗县');
  });
});

describe('changed figures and headings', () => {
  it('gives the changed figure in Traditional script', async () => {
    expectFigure(await service.ask('梁平区人民调解组织累计调解了多少件矛盾纠纷？'), '梁平区', '12345件');
  });

  it('lists items rewritten from 一是/二是 to 1./2.', async () => {
    const answer = await service.ask('梁平区下一步在法治政府建设方面有哪些打算？');
    expect(answer.notFound).toBe(false);
    expect(answer.citations.every((c) => c.region === '梁平区')).toBe(true);
    expect(answer.citations.some((c) => c.section.includes('下一步'))).toBe(true);
  });

  it('finds problems under a heading that was not there before', async () => {
    const answer = await service.ask('慈溪市存在哪些问题？');
    expect(answer.citations.some((c) => c.section.includes('存在的问题') && c.quote.includes('法治政府统筹协调机制仍需完善'))).toBe(true);
  });

  it('ranks across the changed reports by the changed figures', async () => {
    const answer = await service.ask('哪个地方受理的法律援助案件最多？');
    expect(answer.text).toContain('313件');
    expect(answer.text).toContain('241件');
  });
});
