/** /start (what the bot does, examples, the reports as buttons) and /help. */
import type { BotDeps } from '../context.js';
import { turnFeature } from './turn.js';

export const startFeature = (deps: BotDeps) => turnFeature(deps, 'start', 'help');
