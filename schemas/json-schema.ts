import { z } from 'zod';
import { DiffResult, Matrix } from './compare.ts';
import { DocumentModel } from './document.ts';
import { Notice } from './notice.ts';
import { SearchResult } from './search.ts';

/** The records published as JSON Schema files (`npm run schemas`), by file stem. */
export const PUBLISHED = { Notice, DocumentModel, DiffResult, Matrix, SearchResult } as const;

/** JSON Schema of one record, with every registered sub-schema under `$defs` and a generated-file note. */
export function jsonSchemaOf(name: keyof typeof PUBLISHED): Record<string, unknown> {
  const schema = z.toJSONSchema(PUBLISHED[name], {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  });
  return {
    $comment: 'Generated from schemas/*.ts by `npm run schemas`; do not edit by hand.',
    $id: `https://policy-kb.local/schemas/${name}.schema.json`,
    ...schema,
  };
}

export function schemaFileText(name: keyof typeof PUBLISHED): string {
  return `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`;
}
