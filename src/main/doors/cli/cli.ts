import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { toErrorData, WorkbenchError } from '../../../shared/errors';
import { setProgramName } from '../../store/activity';
import { openWorkbench, APP_VERSION, type OpenWorkbench } from '../../open-workbench';
import { RENDERER_DIR, resolveDbPath } from '../../paths';
import { startBrowserHost } from '../http/browser-host';
import { AGREEMENT_HELP, agreementOptions, runAgreement, type AgreementArgs } from './commands/agreement';
import { ARTICLE_HELP, ARTICLE_OPTIONS, runArticleCommand } from './commands/article';
import { IMPORT_HELP, IMPORT_OPTIONS, runImportCommand } from './commands/import';
import { runSearchCommand, SEARCH_HELP, SEARCH_OPTIONS } from './commands/search';
import { loadHostIdentity, saveHostIdentity } from '../http/host-token';
import { EXPORT_HELP, EXPORT_OPTIONS, runExport } from './commands/export';
import { IMPORT_ANNOTATION_HELP, IMPORT_ANNOTATION_OPTIONS, runAnnotationImport } from './commands/import-annotations';
import { IMPORT_FORMAT_IDS } from '../../../shared/formats';
import { untilStopped } from './lifetime';
import { refuseEmptyDbOption, refuseOutputOverDatabase, requireExistingDatabase, requireWritableDatabase } from './safe-paths';
import { importLayerCommand } from './commands/import-layer';
import { sniffImportFormat } from './commands/import-sniff';
import { reviewCommand } from './commands/review';
import { EVENTS_HELP, EVENTS_OPTIONS, runEventsCommand } from './commands/events';

/**
 * `workbench <command>`: the command line door onto the same service and
 * database as the app. Behaviour lives in the service; this file parses
 * arguments, reads and writes files, and prints.
 */

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when a long-running command (serve) should stop. */
  untilStopped?: () => Promise<void>;
  /** Resolves when standard output has taken what was written (a streaming export waits on a slow pipe). */
  drain?: () => Promise<void>;
}

const GLOBAL_HELP = `Analyst Workbench ${APP_VERSION}

Usage: workbench <command> [options]

Commands:
  list                 List the articles in the database
  import PATH... | URL Import articles: text, web pages, JSONL; folders too
  search QUERY         Search articles, spans and notes
  article set ID ...   Set an article's metadata; article delete|trash|restore|purge
  export               Export a labelled dataset (jsonl, prodigy, doccano, labelstudio, brat, conll, ptc, csv...)
  serve                Serve the app to a browser on 127.0.0.1
  import-layer FILE    Import another analyst's JSONL export or database as their layer
  review               Review decisions (--accept-unanimous [--dry-run])
  agreement            Agreement between two annotators (or one and gold)
  events               Export or apply the event log (export [--since ID] --out PATH, apply PATH)

Options for every command:
  --db PATH            Database file (default: $WORKBENCH_DB, else the app's data folder)
  --annotator NAME     Who acts (default: the OS user name); recorded on every change
  -h, --help           Help for a command

Run 'workbench <command> --help' for a command's options.
`;

interface Command {
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: boolean;
  run(ctx: { values: Record<string, unknown>; positionals: string[]; io: CliIo; dbPath: string }): Promise<number>;
}

const dbOption = { db: { type: 'string' }, annotator: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** The io of the command being run (for notices from shared helpers such as withWorkbench). */
let activeIo: CliIo | undefined;

/**
 * Opens the database for one command. 'read' commands refuse a missing
 * database; 'create' commands say on stderr when they created one. Every CLI
 * open runs a quick integrity check first.
 */
function openForCommand(dbPath: string, samples: boolean, access: 'read' | 'create'): OpenWorkbench {
  if (access === 'read') requireExistingDatabase(dbPath);
  else requireWritableDatabase(dbPath);
  const isNew = !existsSync(dbPath);
  const wb = openWorkbench({ dbPath, host: 'browser', samples, integrityCheck: 'always' });
  if (isNew) activeIo?.err(`created a new database at ${dbPath}\n`);
  return wb;
}

/** Opens the workbench; its service acts as `--annotator` when given, else as the OS user (the door's default). */
function withWorkbench<T>(dbPath: string, samples: boolean, fn: (wb: OpenWorkbench) => T, access: 'read' | 'create' = 'create', annotator?: string): T {
  const wb = openForCommand(dbPath, samples, access);
  try {
    return fn(annotator === undefined ? wb : { ...wb, service: wb.service.as(annotator) });
  } finally {
    wb.close();
  }
}

const COMMANDS: Record<string, Command> = {
  review: {
    help: reviewCommand.help,
    options: { ...dbOption, ...reviewCommand.options },
    async run({ values, io, dbPath }) {
      return withWorkbench(dbPath, false, ({ service }) => reviewCommand.run(service, values, io.out), 'read', values.annotator as string | undefined);
    },
  },

  events: {
    help: EVENTS_HELP,
    options: { ...dbOption, ...EVENTS_OPTIONS },
    positionals: true,
    async run({ values, positionals, io, dbPath }) {
      return withWorkbench(
        dbPath,
        false,
        ({ service }) =>
          runEventsCommand(service, values, positionals, {
            out: io.out,
            err: io.err,
            readStdin: () => readFileSync(0, 'utf8'),
            checkOutput: (out) => refuseOutputOverDatabase(out, dbPath),
          }),
        // Applying a log to a database that does not exist yet would only fail on its first article: refuse it up front.
        'read',
      );
    },
  },

  'import-layer': {
    help: importLayerCommand.help,
    options: { ...dbOption, ...importLayerCommand.options },
    positionals: true,
    async run({ values, positionals, io, dbPath }) {
      return withWorkbench(
        dbPath,
        false,
        ({ service }) => importLayerCommand.run(service, values, positionals, io.out),
        'create',
        values.annotator as string | undefined,
      );
    },
  },

  list: {
    help: `Usage: workbench list [--json] [--query WORDS] [--db PATH]

Lists the articles: id, annotation count, length and title.
  --json          One JSON array with every field
  --query WORDS   Only articles whose title or text match (full-text search)
`,
    options: { ...dbOption, json: { type: 'boolean' }, query: { type: 'string' } },
    async run({ values, io, dbPath }) {
      const articles = withWorkbench(dbPath, false, ({ service }) => service.listArticles(values.query ? { query: values.query as string } : {}), 'read');
      if (values.json) {
        io.out(`${JSON.stringify(articles, null, 2)}\n`);
        return 0;
      }
      if (articles.length === 0) {
        io.out(values.query ? 'No article matches.\n' : 'No articles yet. Import some: workbench import FILE.txt...\n');
        return 0;
      }
      for (const a of articles) {
        io.out(`${a.id}  ${String(a.annotationCount).padStart(5)} spans  ${String(a.length).padStart(7)} chars  ${a.title}\n`);
      }
      io.out(`${articles.length} article${articles.length === 1 ? '' : 's'}\n`);
      return 0;
    },
  },

  import: {
    help: `${IMPORT_HELP}
${IMPORT_ANNOTATION_HELP}`,
    options: { ...dbOption, ...IMPORT_OPTIONS, ...IMPORT_ANNOTATION_OPTIONS },
    positionals: true,
    async run({ values, positionals, io, dbPath }) {
      // No --format: a .jsonl file whose first record is labelled data (a workbench export, Prodigy, doccano, Label Studio) brings in its spans.
      if (values.format === undefined && positionals.length > 0 && !positionals.some((p) => /^https?:\/\//i.test(p))) {
        const sniffed = sniffImportFormat(positionals);
        if (sniffed) {
          io.err(`${sniffed.message}\n`);
          values = { ...values, format: sniffed.format };
        }
      }
      // A dataset format named outright (jsonl included: the native export, spans and all) imports labelled data.
      if (typeof values.format === 'string' && (IMPORT_FORMAT_IDS as readonly string[]).includes(values.format)) {
        return runAnnotationImport({
          values,
          positionals,
          out: io.out,
          err: io.err,
          ...(io.env.WORKBENCH_PROGRESS_MS ? { progressEveryMs: Number(io.env.WORKBENCH_PROGRESS_MS) } : {}),
          service: () => openForCommand(dbPath, Boolean(values.samples), 'create'),
        });
      }
      return runImportCommand({ values, positionals, io }, (samples) => openForCommand(dbPath, samples, 'create'));
    },
  },

  export: {
    help: EXPORT_HELP,
    options: { ...dbOption, ...EXPORT_OPTIONS },
    async run({ values, io, dbPath }) {
      const out = values.out as string | undefined;
      if (out && out !== '-') refuseOutputOverDatabase(out, dbPath);
      return runExport({
        values,
        out: io.out,
        err: io.err,
        ...(io.drain ? { drain: io.drain } : {}),
        async withContext(fn) {
          const wb = openForCommand(dbPath, false, 'read');
          try {
            return await fn(wb.service.context);
          } finally {
            wb.close();
          }
        },
      });
    },
  },

  serve: {
    help: `Usage: workbench serve [--port N] [--db PATH]

Serves the app on http://127.0.0.1 only and prints its address with a
token. Open that address in a browser. Stop with Ctrl+C. The token and port
are kept beside the database (<database>.host.json, owner-only), so a restart
keeps the same address and open tabs carry on.
  --port N        Port to listen on (default: the last one, else a free one)
  --new-token     Make a new token: addresses printed before stop working
`,
    options: { ...dbOption, port: { type: 'string' }, 'new-token': { type: 'boolean' } },
    async run({ values, io, dbPath }) {
      const port = values.port === undefined ? 0 : Number(values.port);
      const rendererDir = io.env.WORKBENCH_RENDERER_DIR || RENDERER_DIR;
      if (!existsSync(join(rendererDir, 'index.html'))) {
        throw new WorkbenchError('io', `the app is not built (${rendererDir} is missing): run \`npm run build\` in the project folder first`);
      }
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage(`--port must be a number from 0 to 65535, not “${String(values.port)}”`);
      const wb = openForCommand(dbPath, true, 'create');
      const identity = loadHostIdentity(dbPath, { rotate: Boolean(values['new-token']) });
      const start = (listenOn: number) =>
        startBrowserHost({ service: wb.service, rendererDir, port: listenOn, token: identity.token, log: (l) => io.err(`${l}\n`) });
      let host;
      try {
        // Without --port, the port of the last run comes first, so an open tab's address still works.
        const remembered = values.port === undefined ? identity.port : undefined;
        host = remembered ? await start(remembered).catch(() => start(0)) : await start(port);
      } catch (error) {
        wb.close();
        const code = (error as NodeJS.ErrnoException).code;
        throw new WorkbenchError('io', code === 'EADDRINUSE' ? `port ${port} is in use; pick another with --port` : (error as Error).message);
      }
      try {
        saveHostIdentity(dbPath, { token: identity.token, port: host.port });
      } catch (error) {
        io.err(`(the address is not kept for the next run: ${(error as Error).message})\n`);
      }
      io.err(`Database: ${dbPath}\nOpen this address in a browser (Ctrl+C stops the workbench):\n`);
      io.out(`Workbench: ${host.url}\n`);
      await (io.untilStopped ?? (() => untilStopped({ onStop: (why) => io.err(`stopping (${why}); closing the database\n`) })))();
      await host.close();
      wb.close();
      return 0;
    },
  },

  agreement: {
    help: AGREEMENT_HELP,
    options: { ...dbOption, ...agreementOptions },
    async run({ values, io, dbPath }) {
      io.out(withWorkbench(dbPath, false, ({ service }) => runAgreement(service, values as AgreementArgs), 'read'));
      return 0;
    },
  },

  search: {
    help: SEARCH_HELP,
    options: { ...dbOption, ...SEARCH_OPTIONS },
    positionals: true,
    async run({ values, positionals, io, dbPath }) {
      return withWorkbench(dbPath, false, ({ service }) => runSearchCommand({ values, positionals, io }, service), 'read');
    },
  },

  article: {
    help: ARTICLE_HELP,
    options: { ...dbOption, ...ARTICLE_OPTIONS },
    positionals: true,
    async run({ values, positionals, io, dbPath }) {
      return withWorkbench(dbPath, false, ({ service }) => runArticleCommand({ values, positionals, io }, service), 'read');
    },
  },
};

function usage(message: string): WorkbenchError {
  return new WorkbenchError('invalid_input', message, { usage: true });
}

const oneLine = (message: string): string => message.replace(/\s*\n\s*/g, '; ');

/** Runs the CLI; returns the exit code. Errors are one clear line on stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // Global options may come before the command: `workbench --db PATH import FILE`.
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('--db')) {
    const arg = argv[i]!;
    if (arg === '--db' && i + 1 < argv.length) {
      leading.push(arg, argv[i + 1]!);
      i += 2;
    } else if (arg.startsWith('--db=')) {
      leading.push(arg);
      i += 1;
    } else break;
  }
  const [name, ...tail] = argv.slice(i);
  const rest = [...tail, ...leading];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(GLOBAL_HELP);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${APP_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`workbench: unknown command “${name}”. Commands: ${Object.keys(COMMANDS).join(', ')}. See workbench --help\n`);
    return 2;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.positionals ?? false, strict: true });
    } catch (error) {
      throw usage(`${(error as Error).message.replace(/\. To specify.*$/s, '')}. See workbench ${name} --help`);
    }
    if (parsed.values.help) {
      io.out(command.help);
      return 0;
    }
    refuseEmptyDbOption(parsed.values.db);
    const dbPath = resolveDbPath(parsed.values.db as string | undefined, io.env);
    activeIo = io;
    setProgramName(`workbench ${name}`);
    return await command.run({ values: parsed.values, positionals: parsed.positionals, io, dbPath });
  } catch (error) {
    if (error instanceof WorkbenchError) {
      io.err(`workbench ${name}: ${oneLine(error.message)}\n`);
      return (error.details as { usage?: boolean } | undefined)?.usage ? 2 : 1;
    }
    // A driver error (locked, read-only, damaged, disk full) or a bug: one line, never a stack trace.
    const data = toErrorData(error);
    io.err(`workbench ${name}: ${oneLine(data.message)}\n`);
    return 1;
  } finally {
    activeIo = undefined;
  }
}
