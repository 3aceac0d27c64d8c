/**
 * `npm run bench` (second part): dataset export at scale.
 *
 * Scenario (issue 8): 1,000,000 spans over 100,000 articles in one database
 * file. Every format is exported in its own child process (so peak RSS is the
 * export's own) through the same code path as `workbench export` (the
 * service's exportSteps into the CLI's file sink). The baseline, measured in
 * the same run, iterates the same rows with better-sqlite3 and writes each
 * article with JSON.stringify. Targets for jsonl: >= 300,000 spans/s, ratio
 * to the baseline >= 0.5, peak RSS < 300 MB.
 *
 * The baseline and jsonl run BENCH_EXPORT_RUNS times each, taking turns; their medians are compared.
 *
 *   BENCH_ARTICLES (100000), BENCH_SPANS_PER_ARTICLE (10), BENCH_EXPORT_FORMATS (all, comma separated), BENCH_EXPORT_RUNS (3)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { openDatabase } from '../../src/main/store/database';
import { WorkbenchService } from '../../src/main/service/workbench-service';
import { exportSteps } from '../../src/main/service/export';
import { FileSink } from '../../src/main/doors/cli/commands/export';
import { DATASET_FORMATS, findFormat } from '../../src/shared/formats';
import { seededRandom } from '../helpers/workbench';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const SPANS = Number(process.env.BENCH_SPANS_PER_ARTICLE ?? 10);
const WORDS = [
  'ceasefire',
  'talks',
  'officials',
  'said',
  'the',
  'Kremlin',
  'claimed',
  '2,500',
  'soldiers',
  'were',
  'reported',
  'missing',
  'Київ',
  'заявил',
  'deal',
  'truce',
  'on',
  'Friday',
];

function seed(file: string): void {
  const db = openDatabase(file);
  const service = new WorkbenchService(db, { host: 'browser', appVersion: 'bench', defaultAnnotator: 'bench' });
  service.initializeFirstRun();
  const labels = service.listLabels({}).map((l) => l.id);
  const annotators = ['ana', 'bob', 'gold'].map((name, i) =>
    Number(db.prepare('INSERT INTO annotators (name, created_at) VALUES (?, ?)').run(name, `2025-01-0${i + 1}`).lastInsertRowid),
  );
  const random = seededRandom(8);
  const insertArticle = db.prepare(
    `INSERT INTO articles (id, external_id, title, source, url, published_at, language, text, text_length, sha256, imported_at, meta)
     VALUES (?, ?, ?, 'bench', NULL, '2025-03-01', 'en', ?, ?, ?, '2025-03-01T00:00:00.000Z', '{"origin":"import"}')`,
  );
  const insertSpan = db.prepare(
    `INSERT INTO annotations (id, article_id, label_id, start, end, quote, annotator_id, note, confidence, attributes, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, '', NULL, ?, 'proposed', '2025-03-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z')`,
  );
  db.transaction(() => {
    for (let a = 0; a < ARTICLES; a++) {
      const words: string[] = [];
      for (let w = 0; w < 60; w++) words.push(WORDS[Math.floor(random() * WORDS.length)]!);
      // One article in ten has an astral character, so offset conversion is exercised.
      const text = `${a % 10 === 0 ? '\u{1F4A9} ' : ''}${words.join(' ')}.\r\n`;
      const id = randomUUID();
      insertArticle.run(id, `bench-${a}`, words.slice(0, 6).join(' '), text, text.length, createHash('sha256').update(text).digest('hex'));
      for (let s = 0; s < SPANS; s++) {
        let start = Math.floor(random() * (text.length - 30));
        if (text.charCodeAt(start) >= 0xdc00 && text.charCodeAt(start) <= 0xdfff) start++;
        let end = start + 1 + Math.floor(random() * 25);
        if (text.charCodeAt(end) >= 0xdc00 && text.charCodeAt(end) <= 0xdfff) end++;
        const labelIndex = s % labels.length;
        // As the app stores them: a multi-choice value (the technique) is an array.
        const attributes = labelIndex === 3 ? '{"technique":["Loaded_Language"]}' : labelIndex === 0 ? '{"source":"Kremlin"}' : '{}';
        insertSpan.run(randomUUID(), id, labels[labelIndex]!, start, end, text.slice(start, end), annotators[s % 3]!, attributes);
      }
    }
  })();
  db.close();
}

/**
 * This process's peak resident memory. On Linux getrusage's maxRSS survives
 * exec, so a child forked from a large parent would report the parent's
 * size; VmHWM in /proc/self/status belongs to this program's own memory.
 */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux: getrusage below.
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** The export of one format, in this (child) process; prints one JSON line. */
function child(format: string, file: string, outDir: string): void {
  const db = openDatabase(file);
  const service = new WorkbenchService(db, { host: 'browser', appVersion: 'bench', defaultAnnotator: 'bench' });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let spans = 0;
  if (format === 'baseline') {
    const sink = new FileSink(() => ({ path: join(outDir, 'baseline.jsonl'), folder: false, shown: 'baseline' }));
    const spanRows = db.prepare('SELECT * FROM annotations WHERE article_id = ? AND deleted_at IS NULL ORDER BY start, end, id');
    for (const article of db.prepare('SELECT * FROM articles ORDER BY imported_at, rowid').iterate() as IterableIterator<{ id: string }>) {
      const rows = spanRows.all(article.id);
      spans += rows.length;
      sink.write('', `${JSON.stringify({ ...article, spans: rows })}\n`);
    }
    sink.close(true);
  } else {
    const folder = findFormat(format)!.output === 'folder';
    // As `workbench export` writes (the baseline above keeps the plain sink it was measured with).
    const sink = new FileSink((stream) => ({ path: folder ? join(outDir, stream) : join(outDir, `out.${format}`), folder, shown: stream }), {
      syncAhead: true,
    });
    const steps = exportSteps(service.context, { format }, sink);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        spans = step.value.spanCount;
        break;
      }
    }
    sink.close(true);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  // CPU seconds of the export itself: on a shared machine they vary far less than wall time.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(`${JSON.stringify({ format, spans, seconds, cpuSeconds, maxRssMb: peakRssMb() })}\n`);
  db.close();
}

interface Figure {
  format: string;
  spans: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

/** Runs of the baseline and of jsonl, taking turns (medians compared). */
const PAIRED_RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 3);

function runChild(format: string, file: string, dir: string): Figure {
  const outDir = mkdtempSync(join(dir, `${format}-`));
  try {
    const out = execFileSync(process.execPath, [resolve(__dirname, '../../bin/tsx-run.mjs'), __filename, '--child', format, file, outDir], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split('\n').pop()!) as Figure;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The export figures (run at the end of `npm run bench`, or alone with `npm run bench:export`). */
export function runExportBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-export-bench-'));
  try {
    const file = join(dir, 'bench.sqlite');
    const seedStart = performance.now();
    seed(file);
    console.log(
      `export bench: ${ARTICLES.toLocaleString('en')} articles, ${(ARTICLES * SPANS).toLocaleString('en')} spans seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const wanted = process.env.BENCH_EXPORT_FORMATS?.split(',') ?? DATASET_FORMATS.map((f) => f.id);
    // The baseline and the native JSONL (the format with targets) run three times, taking turns, and are compared by
    // their medians: one run on this kind of shared machine can take half as long again as the next.
    const paired: Record<'baseline' | 'jsonl', Figure[]> = { baseline: [], jsonl: [] };
    for (let i = 0; i < PAIRED_RUNS; i++) {
      for (const format of ['baseline', 'jsonl'] as const) {
        if (format === 'jsonl' && !wanted.includes('jsonl')) continue;
        const f = runChild(format, file, dir);
        paired[format].push(f);
        console.log(`  run ${i + 1} ${format.padEnd(8)} ${f.seconds.toFixed(2)} s (${f.cpuSeconds.toFixed(2)} CPU s)`);
      }
    }
    const median = (figures: Figure[]): Figure => [...figures].sort((x, y) => x.seconds - y.seconds)[Math.floor(figures.length / 2)]!;
    const baseline = median(paired.baseline);
    const baseRate = baseline.spans / baseline.seconds;
    // CPU seconds of each export beside wall time: on a shared machine the CPU ratio is the steadier figure.
    const rows: string[] = [
      `${'format'.padEnd(12)} ${'spans/s'.padStart(10)} ${'ratio'.padStart(6)} ${'peak RSS'.padStart(9)} ${'time'.padStart(7)} ${'CPU'.padStart(7)} ${'CPU ratio'.padStart(9)}`,
    ];
    rows.push(
      `${'baseline'.padEnd(12)} ${Math.round(baseRate).toLocaleString('en').padStart(10)} ${'1.00'.padStart(6)} ${`${baseline.maxRssMb.toFixed(0)} MB`.padStart(9)} ${`${baseline.seconds.toFixed(1)} s`.padStart(7)} ${`${baseline.cpuSeconds.toFixed(1)} s`.padStart(7)} ${'1.00'.padStart(9)}`,
    );
    let failed = false;
    for (const format of wanted) {
      const f = format === 'jsonl' ? median(paired.jsonl) : runChild(format, file, dir);
      const rate = f.spans / f.seconds;
      const ratio = rate / baseRate;
      let verdict = '';
      if (format === 'jsonl') {
        const misses = [rate < 300_000 ? 'spans/s < 300,000' : '', ratio < 0.5 ? 'ratio < 0.5' : '', f.maxRssMb >= 300 ? 'peak RSS >= 300 MB' : ''].filter(
          Boolean,
        );
        verdict = misses.length ? `  MISSES TARGET: ${misses.join(', ')}` : '  meets targets (>= 300,000 spans/s, ratio >= 0.5, RSS < 300 MB)';
        failed = misses.length > 0;
      }
      const cpuRatio = baseline.cpuSeconds / baseline.spans / (f.cpuSeconds / f.spans);
      rows.push(
        `${format.padEnd(12)} ${Math.round(rate).toLocaleString('en').padStart(10)} ${ratio.toFixed(2).padStart(6)} ${`${f.maxRssMb.toFixed(0)} MB`.padStart(9)} ${`${f.seconds.toFixed(1)} s`.padStart(7)} ${`${f.cpuSeconds.toFixed(1)} s`.padStart(7)} ${cpuRatio.toFixed(2).padStart(9)}${verdict}`,
      );
      console.log(rows.at(-1));
    }
    console.log(`\n${rows.join('\n')}`);
    if (failed) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else if (process.argv[2] === '--seed') seed(process.argv[3]!);
else if (process.argv[1] === __filename) runExportBench(); // run directly (npm run bench:export), not imported by run-bench
