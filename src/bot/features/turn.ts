/** A feature that answers some kinds of request through the shared dialog. */
import { Composer } from 'grammy';
import type { Request } from '../commands.js';
import { requestIs, type BotContext, type BotDeps } from '../context.js';
import { runTurn } from '../reply.js';

export function turnFeature(deps: BotDeps, ...kinds: Request['kind'][]): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.filter(requestIs(...kinds), (ctx) => runTurn(ctx, ctx.request, deps));
  return feature;
}
