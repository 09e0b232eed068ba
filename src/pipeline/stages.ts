import { z } from 'zod';
import type { IngestStage } from '../../pipelines/ingest.ts';
import { DocumentModel } from '../../schemas/document.ts';
import { Notice } from '../../schemas/notice.ts';
import { refreshComparisons } from '../compare/refresh.ts';
import { ownCode } from '../errors.ts';
import { applyHeaderAliases } from '../extract/corrections.ts';
import { extractNotice } from '../extract/notice.ts';
import { readDocument } from '../formats/index.ts';
import { DEFAULT_LIMITS } from '../formats/types.ts';
import { indexRecord } from '../search/index-record.ts';
import type { SearchIndex } from '../search/types.ts';
import { noticeKey } from '../store/identity.ts';
import type { NoticeStore } from '../store/types.ts';
import { headerAliases } from './review.ts';

/**
 * The ingest stages as plain async functions over one state record: each takes the state the
 * previous stage returned and returns the next. Runners (in-process or BullMQ) only move the
 * state between them; the original bytes are already in the store when the first stage runs.
 */
export const IngestState = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string(),
  document: DocumentModel.optional(),
  notice: Notice.optional(),
  catalogueKey: z.string().optional(),
  record: z
    .object({
      id: z.string(),
      version: z.int(),
      created: z.boolean(),
      /** The upload became another rendition of an existing version (no new version). */
      rendition: z.boolean().default(false),
    })
    .optional(),
});
export type IngestState = z.infer<typeof IngestState>;

/**
 * What stages may touch: the store of record and the search index (side effects stay behind
 * them). Runners that only run the parsing stages (the sandboxed heavy queue) pass no index.
 */
export interface StageContext {
  store: NoticeStore;
  index?: SearchIndex;
}

export type StageFunction = (state: IngestState, context: StageContext) => Promise<IngestState>;

/** All the parsing stages read from the store: one stored original and its ref. */
export type OriginalSource = Pick<NoticeStore, 'getOriginal' | 'getOriginalRef'>;

/** read: the stored original → document model (format sniffed from the bytes). */
async function read(state: IngestState, { store }: { store: OriginalSource }): Promise<IngestState> {
  const bytes = await store.getOriginal(state.sha256);
  if (!bytes) throw new Error(`original ${state.sha256} of ${state.fileName} is not in the store`);
  return { ...state, document: await readDocument(bytes, state.fileName, DEFAULT_LIMITS) };
}

/** extract: document model → normalized notice with its source info. */
async function extract(state: IngestState, { store }: { store: OriginalSource }): Promise<IngestState> {
  const document = required(state.document, 'document', state);
  const original = await store.getOriginalRef(state.sha256);
  const source = {
    file: state.fileName,
    format: document.format,
    encoding: document.encoding,
    sha256: state.sha256,
    bytes: original?.bytes ?? 0,
  };
  const { document: _dropped, ...rest } = state;
  return { ...rest, notice: ownCode(state.fileName, '抽取', () => extractNotice(document, source)) };
}

/**
 * normalize: schema-check the notice, apply the column mappings reviewers confirmed (the same
 * layout from the same region is right without review), and derive its identity (region +
 * 文号, else title: src/store/identity.ts).
 */
async function normalize(state: IngestState, context: StageContext): Promise<IngestState> {
  // A missing notice is a lost stage result (the queue's fault); a notice failing its schema is ours.
  const extracted = required(state.notice, 'notice', state);
  const aliases = await headerAliases(context.store);
  return ownCode(state.fileName, '规范化', () => {
    const notice = applyHeaderAliases(Notice.parse(extracted), aliases).notice;
    return { ...state, notice, catalogueKey: noticeKey(notice) };
  });
}

/**
 * store: save as a new version of its notice, or as another rendition of a version that has its
 * content (or is the same notice in another format), or find the version these bytes made before.
 */
async function store(state: IngestState, context: StageContext): Promise<IngestState> {
  const { record, created, rendition } = await context.store.saveNotice({
    notice: required(state.notice, 'notice', state),
    sha256: state.sha256,
    catalogueKey: required(state.catalogueKey, 'catalogueKey', state),
    sourceFile: state.fileName,
  });
  return { ...state, record: { id: record.id, version: record.version, created, rendition } };
}

/**
 * index: the stored version into the search index, retried with backoff; if the index stays
 * down the job fails but nothing is lost (the notice is stored; `reindex --pending` catches up).
 */
async function index(state: IngestState, context: StageContext): Promise<IngestState> {
  if (!context.index) throw new Error(`${state.fileName}: the index stage ran without a search index`);
  const ref = required(state.record, 'record', state);
  const record = await context.store.getNotice(ref.id, ref.version);
  if (!record) throw new Error(`${state.fileName}: stored notice ${ref.id} v${ref.version} is missing`);
  await indexRecord(context.index, record, { store: context.store });
  return state;
}

/** compare-refresh: citation checks of the new version and, when it is current, the coverage matrix. */
async function compareRefresh(state: IngestState, context: StageContext): Promise<IngestState> {
  await refreshComparisons({ store: context.store }, required(state.record, 'record', state));
  return state;
}

/**
 * The stages that parse untrusted bytes. They need nothing but the original, so they can run
 * where a hostile file cannot hurt the server: a worker thread with its own heap limit (the
 * embedded runner's parse threads, the queue's sandboxed processors).
 */
export const PARSING_STAGE_FUNCTIONS = { read, extract } as const;
export type ParsingStage = keyof typeof PARSING_STAGE_FUNCTIONS;
export const isParsingStage = (name: string): name is ParsingStage =>
  Object.hasOwn(PARSING_STAGE_FUNCTIONS, name);

export const STAGE_FUNCTIONS: Record<IngestStage, StageFunction> = {
  read,
  extract,
  normalize,
  store,
  index,
  'compare-refresh': compareRefresh,
};

function required<T>(value: T | undefined, what: string, state: IngestState): T {
  if (value === undefined) throw new Error(`${state.fileName}: stage input is missing its ${what}`);
  return value;
}

export type { IngestStage };
