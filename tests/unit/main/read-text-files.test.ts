import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTextFiles } from '../../../src/main/doors/cli/read-text-file';
import { catchWorkbenchError, makeTempDir } from '../../helpers/workbench';

describe('readTextFiles (CLI and desktop import)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('names every file that cannot be read in one error', () => {
    writeFileSync(join(dir, 'good.txt'), 'A report\n');
    writeFileSync(join(dir, 'scan.pdf'), '%PDF-1.4');
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const paths = ['good.txt', 'scan.pdf', 'latin1.txt', 'missing.txt'].map((f) => join(dir, f));
    const error = catchWorkbenchError(() => readTextFiles(paths), 'unsupported_format');
    expect(error.message).toMatch(/^3 of 4 files cannot be read: /);
    for (const name of ['scan.pdf', 'latin1.txt', 'missing.txt']) expect(error.message).toContain(name);
    expect(error.message).not.toContain('good.txt');
  });

  it('keeps a single bad file’s own error, and reads good files with the names asked for', () => {
    writeFileSync(join(dir, 'a.txt'), '\uFEFFa\r\n');
    expect(readTextFiles([join(dir, 'a.txt')], () => 'a.txt')).toEqual([{ name: 'a.txt', text: '\uFEFFa\r\n' }]);
    expect(catchWorkbenchError(() => readTextFiles([join(dir, 'nope.txt')]), 'io').message).toContain('no such file');
  });
});
