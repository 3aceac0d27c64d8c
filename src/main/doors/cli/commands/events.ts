import { readFileSync } from 'node:fs';
import type { WorkbenchApi } from '../../../../shared/api';
import { WorkbenchError } from '../../../../shared/errors';
import { writeFileAtomically } from '../write-file-atomically';

export const EVENTS_HELP = `Usage: workbench events export [--since ID] --out PATH|- [--db PATH]
       workbench events apply PATH [--db PATH]

The event log: every span created, changed, deleted, undone or imported and
every review decision, each with its global id, who made it and when.
  export        Writes the log as JSONL (a header line, then one entry a line,
                in the order this database wrote them). Standard error names
                the last entry's id: give it as --since next time to write
                only what came after.
  apply PATH    Applies another machine's log (PATH, or - for standard
                input). Entries already here are skipped, so applying a log
                twice changes nothing; the log stays append-only. A bad entry
                (unknown article or label, a span outside its text, a span of
                another layer) is named by line and id, and nothing of the file
                is applied.
  --since ID    Only entries written after the entry with this id
  --out PATH|-  File to write (- = standard output)
  --json        Print apply's result as JSON
`;

export const EVENTS_OPTIONS = { since: { type: 'string' }, out: { type: 'string', short: 'o' }, json: { type: 'boolean' } } as const;

const usage = (message: string) => new WorkbenchError('invalid_input', `${message}. See workbench events --help`, { usage: true });

export interface EventsCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readStdin: () => string;
  /** Refuses an --out that would overwrite the database or its files. */
  checkOutput: (path: string) => void;
}

export function runEventsCommand(service: WorkbenchApi, values: Record<string, unknown>, positionals: string[], io: EventsCommandIo): number {
  const [action, ...rest] = positionals;
  if (action === 'export') {
    if (rest.length) throw usage(`events export takes no file argument (got “${rest.join(' ')}”); write --out PATH`);
    const out = values.out as string | undefined;
    if (!out) throw usage('events export needs --out PATH (or --out - for standard output)');
    if (out !== '-') io.checkOutput(out);
    const log = service.exportEventLog(values.since === undefined ? {} : { since: values.since as string });
    if (out === '-') io.out(log.content);
    else writeFileAtomically(out, log.content);
    const where = out === '-' ? 'standard output' : out;
    const next = log.last ? `; next time: --since ${log.last}` : '';
    io.err(
      `wrote ${log.events} event${log.events === 1 ? '' : 's'} and ${log.decisions} review decision${log.decisions === 1 ? '' : 's'} to ${where}${next}\n`,
    );
    return 0;
  }
  if (action === 'apply') {
    if (rest.length !== 1) throw usage('events apply needs one file: workbench events apply PATH');
    if (values.since !== undefined || values.out !== undefined) throw usage('--since and --out belong to events export');
    const path = rest[0]!;
    const content = path === '-' ? io.readStdin() : readText(path);
    const result = service.applyEventLog({ content, fileName: path === '-' ? 'standard input' : path });
    if (values.json) io.out(`${JSON.stringify(result)}\n`);
    else {
      io.out(
        `applied ${result.events} event${result.events === 1 ? '' : 's'} and ${result.decisions} review decision${result.decisions === 1 ? '' : 's'}; ${result.alreadyHere} already here\n`,
      );
    }
    return 0;
  }
  throw usage(action ? `unknown events action “${action}”: export or apply` : 'events needs an action: export or apply');
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new WorkbenchError('io', `cannot read ${path}: ${(error as Error).message}`);
  }
}
