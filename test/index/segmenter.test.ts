import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import jieba from 'nodejieba';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { foldText } from '../../src/ingest/normalize.js';
import { loadDictionary, loadHmmModel } from '../../src/index/segmenter/dictionary.js';
import { Segmenter } from '../../src/index/segmenter/segmenter.js';
import { lexicon } from '../../src/lexicon/lexicon.js';

/**
 * The keyword index must keep the tokens nodejieba gave it: the project's own reading of jieba's
 * dictionary is compared with the native library, loaded with the same dictionary (words of
 * frequency 5 and more) and the same added words, on every line of the reports and the questions.
 */

const MIN_FREQUENCY = 5;
const work = mkdtempSync(path.join(os.tmpdir(), 'segmenter-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function nativeJieba(words: readonly string[]): typeof jieba {
  const source = path.join(path.dirname(createRequire(import.meta.url).resolve('nodejieba')), 'submodules/cppjieba/dict/jieba.dict.utf8');
  const kept = readFileSync(source, 'utf8').split('\n').filter((line) => Number(line.split(' ')[1]) >= MIN_FREQUENCY);
  const dict = path.join(work, 'dict.utf8');
  writeFileSync(dict, `${kept.join('\n')}\n`);
  const idf = path.join(work, 'idf.utf8');
  writeFileSync(idf, '法律 10.0\n');
  jieba.load({ dict, idfDict: idf });
  for (const w of words) jieba.insertWord(w);
  return jieba;
}

function corpusLines(): string[] {
  const folders = [path.join(projectRoot, 'reports'), path.join(projectRoot, 'test/eval/other-reports')];
  const texts = folders.flatMap((dir) => readdirSync(dir).filter((f) => !f.endsWith('.json')).map((f) => readFileSync(path.join(dir, f), 'utf8')));
  const questions = readdirSync(path.join(projectRoot, 'test/eval'))
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(projectRoot, 'test/eval', f), 'utf8').split('\n'))
    .flatMap((line) => (line.trim() ? [String((JSON.parse(line) as { q?: string }).q ?? '')] : []));
  return [...texts, ...questions].flatMap((t) => [t, foldText(t)]).flatMap((t) => t.split(/(?<=[。；\n])/));
}

describe('the segmenter', () => {
  const added = [...lexicon().domainWords, ...lexicon().conceptTerms.phrases(), '阳山县', '阳山', '梁平区司法局', '慈溪市']
    .map((w) => foldText(w).trim())
    .filter((w) => w.length >= 2);
  const ours = new Segmenter(loadDictionary(MIN_FREQUENCY), loadHmmModel());
  for (const w of added) ours.insertWord(w);
  const native = nativeJieba(added);
  const lines = corpusLines();

  it('cuts every line of the reports and questions as nodejieba does (precise and search mode)', () => {
    expect(lines.length).toBeGreaterThan(3000);
    expect(lines.filter((l) => JSON.stringify(ours.cut(l)) !== JSON.stringify(native.cut(l)))).toEqual([]);
    expect(lines.filter((l) => JSON.stringify(ours.cutForSearch(l)) !== JSON.stringify(native.cutForSearch(l)))).toEqual([]);
  });

  it('tags parts of speech as nodejieba does, unknown runs cut by the HMM', () => {
    expect(lines.filter((l) => JSON.stringify(ours.tag(l)) !== JSON.stringify(native.tag(l)))).toEqual([]);
  });

  it('keeps characters outside the BMP and odd input whole, as nodejieba does', () => {
    const odd = ['𠀋𠀋法律援助𩸽', 'abc123 x.5 ，。\t\n', '', ' ', '\ud800孤立', '1.2.3元ABC法律援助'];
    for (const text of odd) {
      expect(ours.cut(text)).toEqual(native.cut(text));
      expect(ours.cutForSearch(text)).toEqual(native.cutForSearch(text));
      expect(ours.tag(text)).toEqual(native.tag(text));
    }
  });
});
