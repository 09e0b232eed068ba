import { z } from 'zod';
import { DocumentModel } from './document.ts';
import { Notice } from './notice.ts';

/** The records published as JSON Schema files (`npm run schemas`), by file stem. */
export const PUBLISHED = { Notice, DocumentModel } as const;

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
