import { createAnswerService } from '/work/wt-11/src/answer/service.js';
import { loadConfig } from '/work/wt-11/src/config.js';
import { Library } from '/work/wt-11/src/index/library.js';
import { createLogger } from '/work/wt-11/src/logger.js';
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const logger = createLogger('silent');
const library = await Library.open(config, logger);
const s = createAnswerService({ config, logger, library });
const show = (a: any) => { console.log('=====', a.kind, a.notFound); console.log(JSON.stringify(a.blocks, null, 0)); console.log('keyFigures', JSON.stringify(a.keyFigures)); console.log('cits', a.citations.map((c: any) => `${c.n} ${c.region} ${c.section} | ${c.quote.slice(0,60)}`).join('\n')); };
const mode = process.argv[2];
if (mode === 'ask') for (const q of process.argv.slice(3)) show(await s.ask(q));
if (mode === 'summary') show(await s.summary(process.argv[3]!));
if (mode === 'compare') { const a = await s.compare(process.argv[3]!, process.argv[4]!, process.argv[5]); show(a); console.log(a.text); console.log(JSON.stringify(a.comparison?.measures)); }
