import { publicityContract } from '@fivestar/common';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../http/errors.ts';
import { createRateLimiter } from '../../http/rate-limit.ts';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { PublicityService } from './publicity.service.ts';

/** Objections per address per hour (as on the star ratings' notice). */
const OBJECTIONS_PER_HOUR = 5;

/** The publicity contract's handlers: each one reads its input and calls the service. */
export function publicityRoutes(app: ZApp, publicity: PublicityService, deps: { clock: Clock }) {
  const objectionLimiter = createRateLimiter({
    clock: deps.clock,
    limit: OBJECTIONS_PER_HOUR,
    windowMs: 3_600_000,
  });
  serve(app, publicityContract, {
    notices: ({ query }) => publicity.list(query),
    notice: ({ params }) => publicity.get(params.id),
    object: ({ params, body, ip }) => {
      if (!objectionLimiter.hit(ip)) throw new AppError('rate_limited');
      return publicity.object(params.id, body, ip);
    },
    objections: ({ user, query }) => publicity.objections(user, query),
    resolve: ({ user, params, body, ip }) => publicity.resolve(user, params.id, body, ip),
    revealContact: ({ user, params, body, ip }) => publicity.revealContact(user, params.id, body.reason, ip),
  });
}
