/**
 * One CLI import in a process of its own, as a user's is (the corpus bench runs it three times):
 * the libraries an import loads when it first needs them (tinyld, the worker's bundle) are loaded
 * inside the timed import, never left over from an earlier run.
 *   node bin/tsx-run.mjs tests/bench/import-once.ts FOLDER DB   → prints the seconds on stdout
 */
import { runCli } from '../../src/main/doors/cli/cli';

async function main(): Promise<void> {
  const [folder, db] = process.argv.slice(2);
  if (!folder || !db) throw new Error('usage: import-once.ts FOLDER DB');
  let err = '';
  const started = performance.now();
  const code = await runCli(['import', folder, '--db', db, '--quiet'], { out: () => undefined, err: (t) => (err += t), env: process.env });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`import failed (${code}): ${err}`);
  process.stdout.write(`${seconds}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
