import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLISHED, schemaFileText } from '../schemas/json-schema.ts';

/** Golden-file check of the generated JSON Schemas; `UPDATE_SCHEMAS=1 npx vitest run test/schemas.test.ts` rewrites them. */
const regenerate = process.env.UPDATE_SCHEMAS === '1';

describe('generated JSON Schema files', () => {
  it('is never regenerated in CI', () => {
    expect(process.env.CI === 'true' && regenerate).toBe(false);
  });

  it.each(Object.keys(PUBLISHED) as (keyof typeof PUBLISHED)[])(
    'schemas/%s.schema.json matches the zod schema',
    (name) => {
      const path = `schemas/${name}.schema.json`;
      if (regenerate) writeFileSync(path, schemaFileText(name));
      expect(readFileSync(path, 'utf8'), 'run `npm run schemas` after changing a zod schema').toBe(
        schemaFileText(name),
      );
    },
  );
});
