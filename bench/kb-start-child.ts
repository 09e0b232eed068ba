/**
 * One start-up of the kb-scale suite, in a process of its own: `node --import tsx
 * bench/kb-start-child.ts <data dir> <query>` opens the knowledge base the way the server does
 * (the composition root, unfinished jobs taken over) and answers one search, then prints
 * `{ importMs, openMs, firstSearchMs, hits, rssMb }`: the modules loaded (tsx compiling them), the
 * store and index opened, the first search answered — each from the previous point.
 */
const started = performance.now();
const [dataDir, query] = process.argv.slice(2);
if (!dataDir || !query) throw new Error('usage: bench/kb-start-child.ts <data dir> <query>');
const [{ openApp }, { loadConfig }] = await Promise.all([
  import('../src/app/open.ts'),
  import('../src/config.ts'),
]);
const imported = performance.now();
const app = await openApp(loadConfig({ POLICY_KB_DATA: dataDir }), { resumeJobs: true });
const opened = performance.now();
const result = await app.index.search(query, { limit: 10 });
const searched = performance.now();
const rssMb = process.memoryUsage().rss / 2 ** 20;
await app.close();
process.stdout.write(
  `${JSON.stringify({
    importMs: imported - started,
    openMs: opened - imported,
    firstSearchMs: searched - opened,
    hits: result.total,
    rssMb,
  })}\n`,
);
