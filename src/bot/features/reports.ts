/** /reports: the reports the bot knows. */
import type { BotDeps } from '../context.js';
import { turnFeature } from './turn.js';

export const reportsFeature = (deps: BotDeps) => turnFeature(deps, 'reports');
