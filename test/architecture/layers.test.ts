import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importEdges, violations } from '../../tools/layers.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A throwaway repository with the given files (path → content). */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'policy-kb-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the layers (tools/layers.ts, npm run layers)', () => {
  it('this repository: src folders import only downwards, pipelines/ and schemas/ import no src, only tests import test/', () => {
    expect(violations(ROOT)).toEqual([]);
  });

  it('finds a cycle between two folders and an import upwards', () => {
    const root = repo({
      'src/store/a.ts': "import { b } from '../compare/b.ts';\nexport const a = b;\n",
      'src/compare/b.ts': "import { a } from '../store/a.ts';\nexport const b = 1;\nexport const c = a;\n",
    });
    try {
      const found = violations(root);
      expect(found).toContain('cycle between src/compare, src/store');
      expect(found).toContain(
        'src/store/a.ts → src/compare/b.ts: src/store may not import src/compare (same or higher layer)',
      );
      expect(cycles(importEdges(root))).toEqual([['src/compare', 'src/store']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('flags declarations that import code, tools that import tests, and folders missing from the layer list', () => {
    const root = repo({
      'pipelines/stages.ts': "import { run } from '../src/pipeline/run.ts';\nexport const S = run;\n",
      'src/pipeline/run.ts': 'export const run = 1;\n',
      'bench/x.ts': "import { y } from '../test/y.ts';\nexport const x = y;\n",
      'test/y.ts': 'export const y = 1;\n',
      'src/newthing/z.ts': "import { run } from '../pipeline/run.ts';\nexport const z = run;\n",
    });
    try {
      expect(violations(root).sort()).toEqual([
        'bench/x.ts → test/y.ts: only tests import from test/',
        'pipelines/stages.ts → src/pipeline/run.ts: pipelines/ holds declarations only and imports nothing from src/',
        'src/newthing/z.ts: src folder src/newthing is not in tools/layers.ts LAYERS',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
