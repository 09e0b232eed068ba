/** `npm run schemas`: writes schemas/<Name>.schema.json from the zod schemas (the single source). */
import { writeFileSync } from 'node:fs';
import { PUBLISHED, schemaFileText } from '../schemas/json-schema.ts';

for (const name of Object.keys(PUBLISHED) as (keyof typeof PUBLISHED)[]) {
  const path = `schemas/${name}.schema.json`;
  writeFileSync(path, schemaFileText(name));
  console.log(`wrote ${path}`);
}
