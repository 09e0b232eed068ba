import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendDurably, writeAtomic, writeOnce } from '../../src/fs/atomic.ts';
import { withLockFile } from '../../src/fs/file-lock.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'policy-kb-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// the directory is made only when an open finds it missing (not before every write)
describe('atomic writes into directories that do not exist yet', () => {
  it('make the directory on the first write and reuse it after', async () => {
    const file = join(dir, 'a', 'b', 'notice.json');
    await writeAtomic(file, '1');
    await writeAtomic(file, '2');
    expect(await readFile(file, 'utf8')).toBe('2');
    expect(await writeOnce(join(dir, 'c', 'once'), 'first')).toBe(true);
    expect(await writeOnce(join(dir, 'c', 'once'), 'second')).toBe(false);
    expect(await readFile(join(dir, 'c', 'once'), 'utf8')).toBe('first');
    await appendDurably(join(dir, 'd', 'log.jsonl'), 'x\n');
    await appendDurably(join(dir, 'd', 'log.jsonl'), 'y\n');
    expect(await readFile(join(dir, 'd', 'log.jsonl'), 'utf8')).toBe('x\ny\n');
    // no temp file is left behind
    expect((await readdir(join(dir, 'a', 'b'))).sort()).toEqual(['notice.json']);
    expect(await readdir(join(dir, 'c'))).toEqual(['once']);
  });

  it('a lock file in a missing directory is taken after the directory is made', async () => {
    const seen = await withLockFile(join(dir, 'store', '.lock'), async () => readdir(join(dir, 'store')));
    expect(seen).toEqual(['.lock']);
    expect(await readdir(join(dir, 'store'))).toEqual([]);
  });

  it('fails as before on any other error than a missing directory', async () => {
    await writeFile(join(dir, 'plain'), 'a file, not a directory');
    await expect(writeAtomic(join(dir, 'plain', 'x.json'), '1')).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(appendDurably(join(dir, 'plain', 'log'), 'x\n')).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
