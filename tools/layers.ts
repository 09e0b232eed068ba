/**
 * The import graph between the top-level folders of `src/` (and `schemas/`, `pipelines/`,
 * `bench/`, `scripts/`, `tools/`, `test/`), and the rules that keep it pointing one way:
 * `npm run layers` prints the folder graph and every broken rule, and exits 1 on any;
 * `test/architecture/layers.test.ts` runs the same check in the suite.
 *
 * Rules: no cycle between src folders; each src folder imports only the folders listed below
 * it in LAYERS; `pipelines/` and `schemas/` import nothing from `src/`; nothing outside `test/`
 * imports from `test/`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The src folders from the bottom up; a folder may import any folder before it, never one
 * after it. Folders on one line are peers and may not import each other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['messages.ts'],
  ['errors.ts', 'config.ts'],
  ['fs'],
  ['chinese'],
  ['formats', 'laws'],
  ['extract'],
  ['store'],
  ['search'],
  ['compare'],
  ['pipeline'],
  ['queue', 'eval'],
  ['export'],
  ['http'],
  ['api', 'web'],
  ['server'],
  ['cli'],
  ['app'],
];

/** A module's place: `src/<folder>` or a top-level folder such as `schemas`. */
export function unitOf(root: string, file: string): string {
  const parts = relative(root, file).split('/');
  if (parts[0] === 'src') return `src/${parts[1]}`;
  return parts[0] ?? '';
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every `.ts` file under `dir`, skipping node_modules and fixtures. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export interface ImportEdge {
  from: string;
  to: string;
  fromFile: string;
  toFile: string;
}

/** Relative imports between units, one edge per importing file and target file. */
export function importEdges(
  root: string,
  top = ['src', 'schemas', 'pipelines', 'bench', 'scripts', 'tools', 'test'],
): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const folder of top) {
    let files: string[];
    try {
      files = tsFiles(join(root, folder));
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const target = match[1] ?? match[2] ?? '';
        if (!target.startsWith('.')) continue;
        const toFile = resolve(dirname(file), target);
        const from = unitOf(root, file);
        const to = unitOf(root, toFile);
        if (from !== to)
          edges.push({ from, to, fromFile: relative(root, file), toFile: relative(root, toFile) });
      }
    }
  }
  return edges;
}

/** Strongly connected groups of more than one unit: each is a cycle in the folder graph. */
export function cycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from)?.add(to);
  }
  // Tarjan's algorithm, iterative over an explicit stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (graph.get(node) ?? new Set<string>()).values() });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: Iterator<string> };
      const step = frame.next.next();
      if (!step.done) {
        const child = step.value;
        if (!index.has(child)) open(child);
        else if (onStack.has(child))
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(child) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        if (group.length > 1) groups.push(group.sort());
      }
    }
  }
  return groups;
}

/** Where a src unit sits in LAYERS (undefined for a folder not listed). */
function levelOf(unit: string): number | undefined {
  const name = unit.replace(/^src\//, '');
  const level = LAYERS.findIndex((layer) => layer.includes(name));
  return level < 0 ? undefined : level;
}

/** Every broken rule, as one line each naming the importing file. */
export function violations(root: string): string[] {
  const edges = importEdges(root);
  const out: string[] = [];
  for (const group of cycles(edges.filter((e) => e.from.startsWith('src/') && e.to.startsWith('src/')))) {
    out.push(`cycle between ${group.join(', ')}`);
  }
  for (const edge of edges) {
    const { from, to, fromFile, toFile } = edge;
    if (from.startsWith('src/') && to.startsWith('src/')) {
      const [a, b] = [levelOf(from), levelOf(to)];
      if (a === undefined) out.push(`${fromFile}: src folder ${from} is not in tools/layers.ts LAYERS`);
      else if (b === undefined) out.push(`${fromFile} → ${toFile}: src folder ${to} is not in LAYERS`);
      else if (b >= a)
        out.push(`${fromFile} → ${toFile}: ${from} may not import ${to} (same or higher layer)`);
    }
    if ((from === 'pipelines' || from === 'schemas') && to.startsWith('src/')) {
      out.push(`${fromFile} → ${toFile}: ${from}/ holds declarations only and imports nothing from src/`);
    }
    if (to === 'test' && from !== 'test') out.push(`${fromFile} → ${toFile}: only tests import from test/`);
  }
  return [...new Set(out)];
}

/** The folder graph as `from → to, to …` lines, for reading. */
export function describeGraph(root: string): string[] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of importEdges(root)) {
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)?.add(to);
  }
  return [...graph.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([from, targets]) => `${from} → ${[...targets].sort().join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
  for (const line of describeGraph(root)) console.log(line);
  const broken = violations(root);
  for (const line of broken) console.error(`✗ ${line}`);
  console.log(broken.length === 0 ? '层次检查通过：依赖只向下' : `层次检查未通过：${broken.length} 处`);
  process.exitCode = broken.length === 0 ? 0 : 1;
}
