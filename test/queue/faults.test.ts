import { describe, expect, it } from 'vitest';
import { LoadSettings, runLoadExperiment } from '../../bench/load-faults.ts';

/**
 * The queue mode under faults, end to end (`npm run load`, smaller): 200 uploads from 10 clients
 * to `policy-kb serve`, two `policy-kb worker` processes on a Redis of its own with AOF. A
 * worker is killed with SIGKILL at a quarter of the uploads, Redis with SIGKILL at half (and
 * restarted from its AOF minus its last second, as a host crash would leave it), the index is
 * down for 3 s; then the queues drain and `policy-kb recover` runs. Every accepted upload must
 * end as it should — a good file completed and searchable, a bad file failed with its reason —
 * and none may be left failed because the system, not the file, failed.
 */
describe('queue mode with a worker and Redis killed', () => {
  it('loses no accepted upload and leaves no job failed for an infrastructure reason after recover', async () => {
    const summary = await runLoadExperiment(
      LoadSettings.parse({
        LOAD_UPLOADS: '200',
        LOAD_CLIENTS: '10',
        LOAD_OUTAGE_MS: '3000',
        LOAD_REDIS_DOWN_MS: '1000',
      }),
    );
    expect(summary.lost).toBe(0);
    expect(summary.unexpected).toEqual([]);
    // The only failures are the corpus's bad files, each with the file's own reason.
    expect(summary.failed).toBe(5);
    expect(Object.keys(summary.failedReasons).sort()).toEqual(
      [
        'PDF 不完整或已损坏（结构无效）',
        '文件中没有文字',
        '文件是二进制数据，不是可识别编码的文本',
        '文件是空的',
        '这是 zip 压缩包，不是 Word 文件',
      ].sort(),
    );
  }, 300_000);
});
