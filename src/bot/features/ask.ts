/** Questions: plain text or /ask, with the chat's last answer as context for follow-ups. */
import type { BotDeps } from '../context.js';
import { turnFeature } from './turn.js';

export const askFeature = (deps: BotDeps) => turnFeature(deps, 'ask');
