import { z } from 'zod';
import { Problem } from '../../../schemas/api.ts';
import { AuditEntry, HeaderAlias, ReviewRequest } from '../../../schemas/review.ts';
import { NoticeSummary } from '../../../schemas/store.ts';
import { actorOf } from '../../http/auth.ts';
import { problem } from '../../http/problem.ts';
import type { ApiServer, Guard } from '../../http/types.ts';
import type { App } from '../../pipeline/app.ts';
import { auditLog, headerAliases, NoSuchNotice, reviewNotice } from '../../pipeline/review.ts';
import { reviewQueue } from '../../store/review-queue.ts';
import { summarize } from '../../store/summary.ts';

export const ReviewAccepted = z
  .object({
    notice: NoticeSummary,
    /** The changes in words (Chinese), the diff against the version corrected. */
    changes: z.array(z.string()),
    /** Column mappings learned: later notices with these headers are mapped so. */
    learned: z.array(HeaderAlias),
  })
  .meta({ id: 'ReviewAccepted' });

export const ReviewQueue = z
  .object({
    total: z.int().nonnegative(),
    /** Notices waiting per region, most first. */
    regions: z.array(z.object({ region: z.string(), count: z.int().positive() })),
    /** Current versions that need review or have a table of low confidence, oldest first. */
    notices: z.array(NoticeSummary),
  })
  .meta({ id: 'ReviewQueue' });

/** Staff review: corrections saved as a reviewed version, what was learned, the audit log, the review queue. */
export function reviewRoutes(server: ApiServer, app: App, guard: Guard): void {
  server.post(
    '/api/notices/:id/review',
    {
      preHandler: guard('upload'),
      schema: {
        summary:
          'Correct a notice (re-map a column, mark a table as not a catalogue, fix a cell, add/delete/merge/split rows, set the power type, add an article): saved as a reviewed version; the extracted version stays',
        params: z.object({ id: z.string() }),
        body: ReviewRequest,
        response: {
          201: ReviewAccepted,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      try {
        const result = await reviewNotice(app, request.params.id, request.body, actorOf(request));
        return reply
          .code(201)
          .send({ notice: summarize(result.record), changes: result.changes, learned: result.learned });
      } catch (error) {
        if (error instanceof NoSuchNotice) return problem(reply, 404, error.message, 'no_such_notice');
        throw error;
      }
    },
  );

  server.get(
    '/api/review-queue',
    {
      preHandler: guard('read'),
      schema: {
        summary:
          'Notices waiting for review (needs_review or low confidence), oldest first, with counts per region',
        querystring: z.object({ region: z.string().optional() }),
        response: { 200: ReviewQueue, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      const queue = reviewQueue(await app.store.listNotices({ currentOnly: true }), request.query.region);
      return { ...queue, notices: queue.notices.map(summarize) };
    },
  );

  server.get(
    '/api/header-aliases',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'Column mappings confirmed in review, applied to later extractions (exportable)',
        response: { 200: z.object({ aliases: z.array(HeaderAlias) }), 401: Problem, 403: Problem },
      },
    },
    async () => ({ aliases: await headerAliases(app.store) }),
  );

  server.get(
    '/api/audit',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'The audit log: who changed what, when (optionally of one notice)',
        querystring: z.object({ noticeId: z.string().optional() }),
        response: { 200: z.object({ entries: z.array(AuditEntry) }), 401: Problem, 403: Problem },
      },
    },
    async (request) => ({ entries: await auditLog(app.store, request.query.noticeId) }),
  );
}
