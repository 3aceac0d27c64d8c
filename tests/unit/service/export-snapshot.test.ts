import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memorySink, streamExport } from '../../../src/main/service/export';
import { holdWriteLock, openDatabase } from '../../../src/main/store/database';
import { makeTempDir, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

let temp: ReturnType<typeof makeTempDir>;
let wb: TestWorkbench;
let file: string;

beforeEach(() => {
  temp = makeTempDir();
  file = join(temp.dir, 'workbench.sqlite');
  wb = openTestWorkbench(file);
});
afterEach(() => {
  wb.close();
  temp.cleanup();
});

describe('holdWriteLock', () => {
  it('keeps every other writer out until released, then lets them in', () => {
    const other = openDatabase(file);
    try {
      other.pragma('busy_timeout = 0');
      const release = holdWriteLock(file);
      expect(() => other.exec("UPDATE articles SET source = 'x'")).toThrow(/locked|busy/i);
      release();
      expect(() => other.exec("UPDATE articles SET source = 'x'")).not.toThrow();
    } finally {
      other.close();
    }
  });
});

describe('a native JSONL export in worker threads', () => {
  it('reads every article from one committed state while another process keeps committing', async () => {
    // Enough lines that each worker thread is still reading when the writer's later commits land.
    const words = 'ceasefire talks officials said the convoy was stopped at the border crossing '.repeat(12);
    wb.service.importArticles({ files: Array.from({ length: 3000 }, (_, i) => ({ name: `report-${i}.txt`, text: `Report ${i}. ${words}` })) });
    // Another process sets every article's source to the same new value in each of its commits, as fast as it can.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new Database(${JSON.stringify(file)}); db.pragma('busy_timeout = 10000');
         const set = db.prepare("UPDATE articles SET source = ?");
         let n = 0; process.stdout.write('ready\\n');
         for (;;) { set.run('version ' + ++n); }`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => writer.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let round = 0; round < 3; round++) {
        const sink = memorySink();
        streamExport(wb.service.context, { format: 'jsonl' }, sink, { secondThread: true });
        const lines = [...sink.files.values()].flat().join('').trim().split('\n');
        expect(lines).toHaveLength(3000);
        const sources = new Set(lines.map((line) => (JSON.parse(line) as { source: string | null }).source));
        expect([...sources], `round ${round}`).toHaveLength(1);
      }
    } finally {
      writer.kill();
    }
  }, 60_000);
});
