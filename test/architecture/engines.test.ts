import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface LockedPackage {
  readonly version?: string;
  readonly optional?: boolean;
  readonly engines?: { readonly node?: string } | readonly string[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  overrides?: Record<string, unknown>;
};
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

/** The lowest Node version of each range `engines.node` names (e.g. 20.19.0, 22.12.0, 24.0.0). */
function boundaries(range: string): string[] {
  return range.split('||').map((part) => {
    const lowest = semver.minVersion(part.trim());
    if (!lowest) throw new Error(`engines.node part without a lowest version: ${part}`);
    return lowest.version;
  });
}

/** Installed packages (not optional platform bindings) whose engines refuse one of the versions. */
function refusing(packages: Record<string, LockedPackage>, versions: readonly string[]): string[] {
  const found: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '' || entry.optional) continue;
    const wanted = Array.isArray(entry.engines)
      ? undefined
      : (entry.engines as { node?: string } | undefined)?.node;
    if (!wanted) continue;
    for (const version of versions) {
      if (!semver.satisfies(version, wanted))
        found.push(`${path}@${entry.version} wants node ${wanted}, not ${version}`);
    }
  }
  return found;
}

describe('package.json engines and the installed dependencies agree', () => {
  it('every locked package accepts the lowest version of each Node range engines.node names, and this Node', () => {
    const versions = [...boundaries(manifest.engines.node), process.versions.node];
    expect(semver.satisfies(process.versions.node, manifest.engines.node)).toBe(true);
    expect(refusing(lock.packages, versions)).toEqual([]);
  });

  it('the check finds a package that wants a newer Node (content-disposition@3 wants ≥ 22)', () => {
    const lowest = boundaries('^20.19.0 || >=22.12.0');
    expect(lowest).toEqual(['20.19.0', '22.12.0']);
    const packages: Record<string, LockedPackage> = {
      '': { version: '0.1.0' },
      'node_modules/content-disposition': { version: '3.0.0', engines: { node: '>=22' } },
      'node_modules/cookie': { version: '1.1.1', engines: { node: '>=18' } },
      'node_modules/@rolldown/binding-wasm32-wasi': {
        version: '1.0.0',
        optional: true,
        engines: { node: '>=23.5.0' },
      },
    };
    expect(refusing(packages, lowest)).toEqual([
      'node_modules/content-disposition@3.0.0 wants node >=22, not 20.19.0',
    ]);
  });

  it('the Dockerfile runs a Node major that engines.node accepts', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const majors = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(majors.length).toBeGreaterThan(0);
    for (const major of majors) {
      expect(semver.intersects(`${major}.x`, manifest.engines.node)).toBe(true);
    }
  });
});
