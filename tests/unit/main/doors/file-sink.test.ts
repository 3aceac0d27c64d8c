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

  it('keeps a copy of bytes it is given, so a caller may reuse its buffer at once (as the export’s worker threads do)', () => {
    const sink = new FileSink(() => ({ path: join(temp.dir, 'out.jsonl'), folder: false, shown: 'out' }));
    const reused = Buffer.alloc(3000);
    const expected: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const line = `${String(i).padStart(6, '0')} ${'y'.repeat(2990)}\n`;
      expected.push(line);
      sink.write('', reused.subarray(0, reused.write(line)));
      reused.fill(0x21);
      if (i % 500 === 0) {
        sink.write('', 'text between bytes\n');
        expected.push('text between bytes\n');
      }
    }
    // One piece larger than the sink's staging buffer.
    const big = Buffer.alloc(3 << 20, 0x7a);
    sink.write('', big);
    big.fill(0x21);
    expected.push('z'.repeat(3 << 20));
    sink.close(true);
    expect(readFileSync(join(temp.dir, 'out.jsonl'), 'utf8')).toBe(expected.join(''));
  });
});
