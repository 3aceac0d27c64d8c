import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleFileGroups } from '../../../../src/main/doors/cli/commands/import-annotations';
import { makeTempDir } from '../../../helpers/workbench';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => (temp = makeTempDir()));
afterEach(() => temp.cleanup());

/** Writes the files under the temp folder and lists them as the import does (name relative to the folder). */
function files(contents: Record<string, string>) {
  return Object.entries(contents).map(([name, text]) => {
    const path = join(temp.dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return { path, name, size: Buffer.byteLength(text) };
  });
}
const names = (groups: { name: string }[][] | null) => groups?.map((g) => g.map((f) => f.name));

describe('articleFileGroups (brat and PTC folders read one article at a time)', () => {
  it('pairs each brat .txt with its .ann, folder by folder; other files stand alone', () => {
    const listed = files({ 'a.ann': 'T1\tClaim 0 3\tone\n', 'a.txt': 'one', 'annotation.conf': '', 'sub/a.txt': 'two', 'sub/a.ann': '' });
    expect(names(articleFileGroups('brat', listed))).toEqual([['a.ann', 'a.txt'], ['annotation.conf'], ['sub/a.txt', 'sub/a.ann']]);
  });

  it('gathers a PTC article with its label files from other folders', () => {
    const listed = files({
      'articles/article7.txt': 'Some text',
      'labels-si/article7.task1-SI.labels': '7\t0\t4\n',
      'labels-tc/article7.task2-TC.labels': '7\tLoaded_Language\t0\t4\n',
      'articles/article8.txt': 'More text',
      'README.txt': 'about',
    });
    expect(names(articleFileGroups('ptc', listed))).toEqual([
      ['articles/article7.txt', 'labels-si/article7.task1-SI.labels', 'labels-tc/article7.task2-TC.labels'],
      ['articles/article8.txt'],
      ['README.txt'],
    ]);
  });

  it('gives up (the folder is read whole) when a label file speaks for other articles', () => {
    expect(articleFileGroups('ptc', files({ 'article1.txt': 'x', 'train-task1-SI.labels': '1\t0\t1\n' }))).toBeNull();
    expect(articleFileGroups('ptc', files({ 'article1.txt': 'x', 'article1.task1-SI.labels': '1\t0\t1\n2\t0\t1\n' }))).toBeNull();
  });
});
