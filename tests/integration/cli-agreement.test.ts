import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/doors/cli/cli';
import { openWorkbench } from '../../src/main/open-workbench';
import { putSpan } from '../helpers/layers';
import { makeTempDir } from '../helpers/workbench';

const TEXT = 'Tanks shelled Kyiv at dawn. Officials said 2,500 soldiers died.';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

let temp: ReturnType<typeof makeTempDir>;
let db: string;

beforeEach(() => {
  temp = makeTempDir('workbench-agreement-');
  db = join(temp.dir, 'workbench.sqlite');
  const wb = openWorkbench({ dbPath: db, host: 'browser', samples: false });
  const articleId = wb.service.importArticles({ files: [{ name: 'dawn.txt', text: TEXT }] }).imported[0]!.id;
  const labels = wb.service.listLabels({});
  const id = (key: string) => labels.find((l) => l.key === key)!.id;
  const put = (who: string, key: string, needle: string, extra = 0) => {
    const start = TEXT.indexOf(needle);
    putSpan(wb.db, who, articleId, id(key), TEXT, start, start + needle.length + extra);
  };
  put('ana', 'claim', 'Tanks shelled Kyiv');
  put('ana', 'casualty_figure', '2,500 soldiers');
  put('gold', 'claim', 'Tanks shelled Kyiv');
  put('gold', 'casualty_figure', '2,500 soldiers died');
  wb.close();
});
afterEach(() => temp.cleanup());

describe('workbench agreement', () => {
  it('prints exactly the issue’s JSON shape for a span metric', async () => {
    const run = await cli(['agreement', '--a', 'ana', '--b', 'gold', '--metric', 'exact', '--json', '--db', db]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({
      metric: 'exact',
      a: 'ana',
      b: 'gold',
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      by_label: {
        claim: { precision: 1, recall: 1, f1: 1 },
        casualty_figure: { precision: 0, recall: 0, f1: 0 },
      },
    });
  });

  it('prints {metric, value, by_label} for kappa and the alphas, and an array for all', async () => {
    const kappa = JSON.parse((await cli(['agreement', '--a', 'ana', '--b', 'gold', '--metric', 'kappa', '--json', '--db', db])).out);
    expect(Object.keys(kappa)).toEqual(['metric', 'value', 'by_label']);
    expect(kappa.by_label.claim).toBe(1);
    const all = JSON.parse((await cli(['agreement', '--a', 'ana', '--b', 'gold', '--json', '--db', db])).out) as { metric: string }[];
    expect(all.map((f) => f.metric)).toEqual(['exact', 'overlap', 'ptc', 'kappa', 'alpha', 'alpha-u']);
    expect(all[3]).toEqual(kappa);
  });

  it('restricts to --labels and prints a readable table without --json', async () => {
    const only = JSON.parse((await cli(['agreement', '--a', 'ana', '--b', 'gold', '--labels', 'Claim', '--metric', 'overlap', '--json', '--db', db])).out);
    expect(Object.keys(only.by_label)).toEqual(['claim']);
    const text = await cli(['agreement', '--a', 'ana', '--b', 'gold', '--metric', 'ptc', '--db', db]);
    expect(text.out).toContain('ana (scored) against gold (reference)');
    expect(text.out).toMatch(/PTC span identification: P 1\.000 {2}R 0\.\d{3} {2}F1 0\.\d{3}/);
  });

  it('fails with one clear line for a missing name, an unknown metric or annotator', async () => {
    const missing = await cli(['agreement', '--a', 'ana', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('needs --a NAME and --b NAME');
    const metric = await cli(['agreement', '--a', 'ana', '--b', 'gold', '--metric', 'f2', '--db', db]);
    expect(metric.code).toBe(2);
    expect(metric.err).toContain('unknown --metric “f2”');
    const who = await cli(['agreement', '--a', 'ana', '--b', 'zed', '--db', db]);
    expect(who.code).toBe(1);
    expect(who.err).toBe('workbench agreement: no spans by “zed”; annotators with spans: ana, gold\n');
  });
});

describe('workbench agreement on a missing database', () => {
  it('refuses it rather than creating one', async () => {
    const missing = join(temp.dir, 'typo.sqlite');
    const run = await cli(['agreement', '--a', 'ana', '--b', 'gold', '--db', missing]);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain('workbench agreement:');
    const { existsSync } = await import('node:fs');
    expect(existsSync(missing)).toBe(false);
  });
});
