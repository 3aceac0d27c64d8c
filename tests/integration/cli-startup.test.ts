import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/workbench';

const ROOT = join(__dirname, '..', '..');

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('workbench-cli-startup-');
});
afterEach(() => temp.cleanup());

/** Runs `workbench ARGS` in a process of its own and answers which of the import-only libraries it loaded. */
function librariesLoadedBy(args: string[]): { status: number | null; loaded: string[]; stderr: string } {
  const report = join(temp.dir, 'loaded.json');
  // Written when the process exits: every library file Node loaded, whatever the command did.
  const probe = join(temp.dir, 'probe.cjs');
  writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))));`);
  const run = spawnSync(process.execPath, ['--require', probe, join(ROOT, 'bin', 'workbench.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  const files = JSON.parse(readFileSync(report, 'utf8')) as string[];
  const loaded = ['tinyld', 'linkedom', '@mozilla/readability'].filter((name) =>
    files.some((f) => f.includes(`/node_modules/${name}/`) || f.includes(`\\node_modules\\${name.replace('/', '\\')}\\`)),
  );
  return { status: run.status, loaded, stderr: run.stderr };
}

describe('start-up: commands that import nothing do not load the import-only libraries (each costs every command a fifth of a second)', () => {
  it('an import of a web page loads tinyld, linkedom and Readability; `list` afterwards loads none of them', () => {
    const db = join(temp.dir, 'workbench.sqlite');
    const page = join(temp.dir, 'talks.html');
    writeFileSync(
      page,
      `<!doctype html><html><head><meta property="og:title" content="Talks resume"></head><body><article><h1>Talks resume</h1><p>${'Negotiators agreed on Thursday to extend the pause in the fighting by five days, a spokesperson for the mediators said. '.repeat(4)}</p></article></body></html>`,
    );
    const importing = librariesLoadedBy(['import', page, '--db', db]);
    expect(importing.status, importing.stderr).toBe(0);
    expect(importing.loaded).toEqual(['tinyld', 'linkedom', '@mozilla/readability']);

    const listing = librariesLoadedBy(['list', '--db', db]);
    expect(listing.status, listing.stderr).toBe(0);
    expect(listing.loaded).toEqual([]);
  });
});
