/**
 * Files that ship with the project beside `src/` (reference/laws, src/web/assets), found from
 * wherever this module runs: from `src/` under tsx, or from the compiled `dist/src/` that
 * `bin/policy-kb.js` loads. A module-relative path would point into `dist/` once compiled.
 */
import { existsSync } from 'node:fs';

/** The project's root folder (the nearest folder up from this module holding package.json). */
export const PACKAGE_ROOT: URL = findPackageRoot(new URL('.', import.meta.url));

function findPackageRoot(start: URL): URL {
  for (let dir = start; ; ) {
    if (existsSync(new URL('package.json', dir))) return dir;
    const parent = new URL('..', dir);
    if (parent.href === dir.href) return start;
    dir = parent;
  }
}

/** A path inside the project, e.g. `packageFile('reference/laws/')`. */
export function packageFile(relative: string): URL {
  return new URL(relative, PACKAGE_ROOT);
}

/**
 * The entry of a thread or sandboxed processor beside `moduleUrl`: under tsx, its `.mjs` shim
 * that registers the TypeScript loader in the new thread; when compiled, the compiled `.js`.
 */
export function threadEntry(moduleUrl: string, name: string): URL {
  return new URL(moduleUrl.endsWith('.ts') ? `./${name}.mjs` : `./${name}.js`, moduleUrl);
}
