/**
 * `policy-kb reindex --reextract`: reads every notice's original again with today's extractor
 * (and the column mappings reviewers confirmed since) and reports what would change. It writes
 * no version: a reviewed version stays exactly as the reviewer left it, and the new extraction is
 * kept beside it as a proposal (shown on the notice page) for a person to accept by reviewing
 * again; a notice nobody reviewed is reported the same way, to be re-uploaded or reviewed.
 */
import type { Rendition } from '../../schemas/store.ts';
import { applyHeaderAliases } from '../extract/corrections.ts';
import { extractBytes } from '../extract/from-file.ts';
import { contentKey, renditionDifferences } from '../store/identity.ts';
import type { NoticeStore } from '../store/types.ts';
import { headerAliases } from './review.ts';

/** Where the proposals are kept (derived data: a new run replaces them). */
export const PROPOSALS_KEY = 'reextract.proposals';

export interface ReextractProposal {
  id: string;
  /** The current version (a reviewed one, or the extracted one). */
  version: number;
  /** The extracted version the original was read into (for a reviewed version, the one it is based on). */
  extractedVersion: number;
  reviewed: boolean;
  differences: Rendition['differences'];
}

export interface ReextractReport {
  at: string;
  checked: number;
  unchanged: number;
  /** Notices whose original gives other content today. */
  proposals: ReextractProposal[];
  /** Originals that could not be read again, with why. */
  failed: { id: string; version: number; error: string }[];
}

export async function reextractAll(
  store: NoticeStore,
  onProgress?: (done: number, total: number) => void,
): Promise<ReextractReport> {
  const aliases = await headerAliases(store);
  const current = await store.listNotices({ currentOnly: true });
  const report: ReextractReport = {
    at: new Date().toISOString(),
    checked: 0,
    unchanged: 0,
    proposals: [],
    failed: [],
  };
  for (const [done, record] of current.entries()) {
    const extracted = record.reviewed ? await store.getNotice(record.id, record.reviewed.basedOn) : record;
    const bytes = extracted ? await store.getOriginal(extracted.sha256) : null;
    report.checked++;
    if (!extracted || !bytes) {
      report.failed.push({ id: record.id, version: record.version, error: '原件不在库中' });
      continue;
    }
    try {
      const fresh = applyHeaderAliases(await extractBytes(bytes, extracted.sourceFile), aliases).notice;
      // against the current version: an extractor that now agrees with the reviewer proposes nothing
      if (contentKey(fresh) === contentKey(record.notice)) report.unchanged++;
      else
        report.proposals.push({
          id: record.id,
          version: record.version,
          extractedVersion: extracted.version,
          reviewed: record.reviewed !== null,
          differences: renditionDifferences(record.notice, fresh, '重新抽取的结果'),
        });
    } catch (error) {
      report.failed.push({ id: record.id, version: record.version, error: (error as Error).message });
    }
    onProgress?.(done + 1, current.length);
  }
  await store.putDerived(PROPOSALS_KEY, report);
  return report;
}

/** The last run's proposal for a notice, if any. */
export async function proposalFor(store: NoticeStore, id: string): Promise<ReextractProposal | null> {
  const report = (await store.getDerived(PROPOSALS_KEY)) as ReextractReport | null;
  return report?.proposals?.find((p) => p.id === id) ?? null;
}
