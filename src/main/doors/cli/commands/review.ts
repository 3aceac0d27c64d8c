import type { WorkbenchApi } from '../../../../shared/api';
import { WorkbenchError } from '../../../../shared/errors';

/** `workbench review --accept-unanimous [--dry-run] [--article ID]`: the review command. */
export const reviewCommand = {
  help: `Usage: workbench review --accept-unanimous [--dry-run] [--article ID] [--annotator NAME] [--db PATH]

Review decisions from the command line, recorded under --annotator (default:
the OS user name) like decisions made in the app.
  --accept-unanimous  Accept into the gold layer every open item that every
                      annotator of its article tagged the same (same span, label
                      and attributes; two annotators at least)
  --dry-run           Only count them; change nothing
  --article ID        Only this article
  --json              Print the result as JSON
`,
  options: {
    'accept-unanimous': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    article: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(service: WorkbenchApi, values: Record<string, unknown>, out: (text: string) => void): number {
    if (!values['accept-unanimous']) {
      throw new WorkbenchError('invalid_input', 'review needs an action: --accept-unanimous [--dry-run]. See workbench review --help', { usage: true });
    }
    const dryRun = Boolean(values['dry-run']);
    const result = service.acceptUnanimous({ dryRun, ...(values.article ? { articleId: values.article as string } : {}) });
    if (values.json) out(`${JSON.stringify(result)}\n`);
    else if (dryRun) out(`${result.count} unanimous item${result.count === 1 ? '' : 's'} would be accepted into gold (dry run; nothing changed)\n`);
    else out(`accepted ${result.accepted} unanimous item${result.accepted === 1 ? '' : 's'} into gold\n`);
    return 0;
  },
} as const;
