import type { WorkbenchService } from '../../../service/workbench-service';
import { WorkbenchError } from '../../../../shared/errors';

/** `workbench search QUERY [--json] [--label L] [--limit N]`: matching articles (with snippets) and spans. */

export const SEARCH_HELP = `Usage: workbench search QUERY [--json] [--label L] [--limit N] [--db PATH]

Searches article titles and text, span quotes and span notes.
  words           every word must occur        "a phrase"   those words in order
  negotiat*       a prefix                      a OR b       either
  NOT a, -a       without
Numbers match however they are written: 2500 finds 2,500 and 2 500. A label's
name finds its spans ("casualty figure").
  --json          One JSON object: {"articles": [...], "spans": [...]}
  --label L       Only spans with this label (name or key)
  --limit N       At most N articles and N spans (default 50)
`;

export const SEARCH_OPTIONS = {
  json: { type: 'boolean' },
  label: { type: 'string' },
  limit: { type: 'string' },
} as const;

interface Io {
  out: (text: string) => void;
}

export function runSearchCommand(args: { values: Record<string, unknown>; positionals: string[]; io: Io }, service: WorkbenchService): number {
  const { values, positionals, io } = args;
  const query = positionals.join(' ').trim();
  if (!query) throw new WorkbenchError('invalid_input', 'search needs a query: workbench search "regime Kiev"', { usage: true });
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new WorkbenchError('invalid_input', `--limit must be a whole number of at least 1, not “${String(values.limit)}”`, { usage: true });
  let labelId: number | undefined;
  const labels = service.listLabels({ includeArchived: true });
  if (values.label !== undefined) {
    const wanted = String(values.label).toLowerCase();
    const label = labels.find((l) => l.key === wanted || l.name.toLowerCase() === wanted);
    if (!label) {
      throw new WorkbenchError('not_found', `no label “${String(values.label)}”; labels: ${labels.map((l) => l.name).join(', ')}`);
    }
    labelId = label.id;
  }
  const result = service.search({ query, limit, ...(labelId ? { labelId } : {}) });
  if (values.json) {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const labelName = new Map(labels.map((l) => [l.id, l.name]));
  for (const hit of result.articles) {
    io.out(`${hit.article.id}  ${hit.article.title}  (${hit.hitCount} match${hit.hitCount === 1 ? '' : 'es'})\n`);
    for (const h of hit.hits) io.out(`    ${h.before}[${h.match}]${h.after}\n`);
  }
  if (result.spans.length) io.out(`${result.articles.length ? '\n' : ''}Spans:\n`);
  for (const { span, matchedIn } of result.spans) {
    const note = matchedIn === 'note' ? `  note: ${span.note.replace(/\s+/g, ' ').slice(0, 80)}` : '';
    io.out(`${span.id}  ${labelName.get(span.labelId) ?? span.labelId}  “${span.quote.replace(/\s+/g, ' ')}”  in ${span.articleTitle}${note}\n`);
  }
  io.out(
    `${result.articles.length} article${result.articles.length === 1 ? '' : 's'}, ${result.spans.length} span${result.spans.length === 1 ? '' : 's'}${result.truncated ? ' (more: raise --limit)' : ''}\n`,
  );
  return 0;
}
