import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSink } from '../../../../src/main/doors/cli/commands/export';
import { SyncAhead } from '../../../../src/main/doors/cli/sync-ahead';
import { makeTempDir } from '../../../helpers/workbench';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('SyncAhead', () => {
  it('flushes a file in its own thread when asked, and has finished when stopped', () => {
    const fd = openSync(join(temp.dir, 'a.bin'), 'w');
    try {
      writeSync(fd, Buffer.alloc(1 << 20, 1));
      const sync = new SyncAhead();
      expect(sync.flushed()).toBe(0);
      sync.request(fd);
      sync.stop();
      expect(sync.flushed()).toBe(1);
    } finally {
      closeSync(fd);
    }
  });
});

describe('FileSink', () => {
  it('writes text and bytes in the order given, past the size where it flushes to disk in the background, into each stream’s own file', () => {
    const sink = new FileSink((stream) => ({ path: join(temp.dir, `${stream || 'main'}.jsonl`), folder: false, shown: stream }), { syncAhead: true });
    const expected = new Map<string, string[]>([
      ['', []],
      ['dev', []],
    ]);
    // About 80 MB in lines of 4 KB, every third one as UTF-8 bytes, a few to a second stream.
    for (let i = 0; i < 20_000; i++) {
      const line = `{"n":${i},"text":"Київ ${'x'.repeat(4000)}"}\n`;
      const stream = i % 97 === 0 ? 'dev' : '';
      expected.get(stream)!.push(line);
      sink.write(stream, i % 3 === 0 ? Buffer.from(line) : line);
    }
    sink.close(true);
    expect(sink.flushesAhead).toBeGreaterThanOrEqual(2);
    expect(readFileSync(join(temp.dir, 'main.jsonl'), 'utf8')).toBe(expected.get('')!.join(''));
    expect(readFileSync(join(temp.dir, 'dev.jsonl'), 'utf8')).toBe(expected.get('dev')!.join(''));
  });
});
