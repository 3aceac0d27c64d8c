import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zipFiles } from '../../../../src/shared/formats';

const python = spawnSync('python3', ['--version']).status === 0;
if (!python) console.warn('zip check with Python skipped: python3 is not installed');

describe('zipFiles', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
  });

  it.skipIf(!python)('writes a zip that Python’s zipfile reads back byte for byte, UTF-8 names included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-'));
    try {
      const files = [
        { path: 'article1.txt', content: '\uFEFFKyiv \u{1F4A9}\r\nline' },
        { path: 'train/статья.ann', content: 'T1\tclaim 0 4\tKyiv\n' },
      ];
      const zip = join(dir, 'x.zip');
      writeFileSync(zip, zipFiles(files));
      const out = execFileSync(
        'python3',
        [
          '-c',
          'import zipfile,sys,json; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({n: z.read(n).decode("utf-8") for n in z.namelist()}))',
          zip,
        ],
        { encoding: 'utf8' },
      );
      expect(JSON.parse(out)).toEqual(Object.fromEntries(files.map((f) => [f.path, f.content])));
      expect(readFileSync(zip).subarray(0, 4).toString('hex')).toBe('504b0304');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
