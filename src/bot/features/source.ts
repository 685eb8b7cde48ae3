/** /source N: the full passage around citation N of this chat's last answer. */
import type { BotDeps } from '../context.js';
import { turnFeature } from './turn.js';

export const sourceFeature = (deps: BotDeps) => turnFeature(deps, 'source');
