import { z } from 'zod';
import { Notice, NoticeStatus, PowerType } from './notice.ts';
import { Reviewed } from './review.ts';
import { SearchKind } from './search.ts';
import { NoticeSummary, Rendition } from './store.ts';

/** An error, as RFC 9457 problem details (`application/problem+json`). */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    /** One clear sentence: what was wrong (and with which file or parameter). */
    detail: z.string(),
    /** A stable English code for programs, where the detail is written for people (in Chinese). */
    code: z.string().optional(),
    /** For an unknown filter value (a region): the known values closest to it. */
    nearMatches: z.array(z.string()).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

/** `202` of `POST /api/notices`: the original is stored, its ingest job submitted. */
export const UploadAccepted = z
  .object({
    /** The upload's sha-256, which `GET /api/notices/:id` accepts. */
    noticeId: z.string(),
    jobId: z.string(),
    /** True when these bytes had been uploaded before: no new job, `jobId` is the earlier one. */
    duplicate: z.boolean(),
  })
  .meta({ id: 'UploadAccepted' });

export const NoticeList = z.object({ notices: z.array(NoticeSummary) }).meta({ id: 'NoticeList' });

/** `GET /api/notices/:id/versions`: every version of one catalogue, oldest first. */
export const NoticeVersions = z
  .object({ id: z.string(), versions: z.array(NoticeSummary) })
  .meta({ id: 'NoticeVersions' });

/** `GET /api/notices/:id`: the normalized notice plus its identity in the knowledge base. */
export const NoticeRecord = Notice.extend({
  id: z.string(),
  version: z.int().positive(),
  current: z.boolean(),
  /** The uploaded file's base name (never a path). */
  sourceFile: z.string(),
  /** The files this version was read from (the same notice in other formats). */
  renditions: z.array(Rendition),
  /** Set when a person corrected this version (who, when, why, what changed). */
  reviewed: Reviewed.nullable(),
}).meta({ id: 'NoticeRecord' });

/**
 * Query string of `GET /api/search` (the CLI's `search` options). Not registered under an id:
 * OpenAPI lists query parameters one by one, which a `$ref` would hide from @fastify/swagger.
 */
export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200).describe('the query; traditional characters are accepted'),
  region: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .describe('region name or code: it and all divisions inside it'),
  powerType: PowerType.optional(),
  law: z.string().min(1).max(120).optional().describe('a cited law, optionally law#article (社会保险法#84)'),
  status: NoticeStatus.optional(),
  kind: SearchKind.optional(),
  current: z.enum(['true', 'false']).default('true').describe('false: superseded versions too'),
  needsReview: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true: only notices waiting for review (需复核), as the review queue lists them'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
  facets: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true: also count the matches by kind, power type, status, region and cited law'),
});
export type SearchQuery = z.output<typeof SearchQuery>;
