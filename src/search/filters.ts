/**
 * Search options as both adapters apply them: validated and defaulted by the zod schema, the
 * region resolved to its GB/T 2260 code (云南 → 530000, so every division inside it matches), the
 * cited law normalized like citations are (《中华人民共和国社会保险法》第84条 → 社会保险法#84).
 */
import { SearchOptions } from '../../schemas/search.ts';
import { normalizeLawTitle } from '../chinese/law.ts';
import { parseChineseNumber } from '../chinese/numerals.ts';
import { resolveRegion } from '../chinese/region.ts';
import type { SearchOptions as Options } from './types.ts';

export interface ResolvedOptions {
  /** A region code, or a region name when the name resolves to no division. */
  region?: string;
  powerType?: string;
  /** `law` or `law#article`. */
  lawCited?: string;
  status?: string;
  kind?: string;
  /** Only documents of versions waiting for review. */
  needsReview: boolean;
  currentOnly: boolean;
  limit: number;
  offset: number;
  facets: boolean;
}

export function resolveOptions(options: Options = {}): ResolvedOptions {
  const parsed = SearchOptions.parse(options);
  const resolved: ResolvedOptions = {
    needsReview: parsed.needsReview === true,
    currentOnly: parsed.currentOnly,
    limit: parsed.limit,
    offset: parsed.offset,
    facets: parsed.facets,
  };
  if (parsed.region) resolved.region = regionTerm(parsed.region);
  if (parsed.powerType) resolved.powerType = parsed.powerType;
  if (parsed.lawCited) resolved.lawCited = lawTerm(parsed.lawCited);
  if (parsed.status) resolved.status = parsed.status;
  if (parsed.kind) resolved.kind = parsed.kind;
  return resolved;
}

function regionTerm(region: string): string {
  const name = region.trim();
  if (/^\d{6}$/.test(name)) return name;
  return resolveRegion(name)?.code ?? name;
}

/** 社会保险法#84, 《中华人民共和国社会保险法》第八十四条 or 社会保险法第84条 → 社会保险法#84. */
function lawTerm(law: string): string {
  const match = /^(.*?)(?:#(\d+)|第([零〇一二两三四五六七八九十百千\d]+)条)?\s*$/u.exec(law.trim());
  const title = normalizeLawTitle(match?.[1] ?? law);
  const number = match?.[2] ?? match?.[3];
  if (!number) return title;
  const article = parseChineseNumber(number);
  return article ? `${title}#${article}` : title;
}
