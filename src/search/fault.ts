/**
 * Fault injection for the load experiment (`POLICY_KB_INDEX_FAULT_FILE`, see src/config.ts):
 * while the file exists, the index behaves as an unreachable one — every call rejects with
 * IndexUnavailableError — so an outage can be switched on and off from outside the processes
 * (`touch` / `rm`). Without the setting the index is returned unwrapped.
 */
import { existsSync } from 'node:fs';
import { IndexUnavailableError, type SearchIndex } from './types.ts';

export function withIndexFault(index: SearchIndex, faultFile: string | undefined): SearchIndex {
  if (!faultFile) return index;
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (existsSync(faultFile))
        throw new IndexUnavailableError(`index unavailable (fault injection: ${faultFile} exists)`);
      return call(...args);
    };
  return {
    kind: index.kind,
    indexNotice: guard((record) => index.indexNotice(record)),
    indexNotices: guard((records) => index.indexNotices(records)),
    removeNotice: guard((id) => index.removeNotice(id)),
    search: guard((query, options) => index.search(query, options)),
    clear: guard(() => index.clear()),
    flush: guard(() => index.flush()),
    stats: guard(() => index.stats()),
    close: () => index.close(),
  };
}
