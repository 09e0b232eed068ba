import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from './keys.ts';

/** The Fastify instance with zod schemas as its type provider. */
export type ApiServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A preHandler that lets a request through only with a key of the role (or in open local mode). */
export type Guard = (needed: Role) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
