import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CurrentUser } from './current-user.ts';

/** A Fastify instance typed by our zod schemas. */
export type ZApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The caller on a route whose declared access requires sign-in (the access hook guarantees it). */
export function actor(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new Error('no user on an authenticated route');
  return request.user;
}
