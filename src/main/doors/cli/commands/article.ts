import type { WorkbenchService } from '../../../service/workbench-service';
import { WorkbenchError } from '../../../../shared/errors';
import type { MethodInput } from '../../../../shared/schemas';

/** `workbench article set ID --source ... | article delete ID... | article trash | article restore ID... | article purge ID...|--all --yes`. */

export const ARTICLE_HELP = `Usage: workbench article set ID [options] [--db PATH]
       workbench article delete ID... [--db PATH]
       workbench article trash [--db PATH]
       workbench article restore ID... [--db PATH]
       workbench article purge (ID... | --all) --yes [--db PATH]

set: changes an article's metadata (an empty value clears a field).
  --title T  --source S  --url U  --published YYYY-MM-DD  --language xx
  --author A  --translated-from xx (machine translation; und = unknown)
  --status new|in_progress|done|reviewed  --tag T (repeatable; replaces the tags)
delete: moves articles and their spans to the trash; restore brings them back.
trash: lists the deleted articles (id, when deleted, spans, title).
purge: removes articles in the trash for good, with their spans and kept
  original files. This cannot be undone: without --yes it only lists what
  would be removed. --all empties the whole trash.
`;

export const ARTICLE_OPTIONS = {
  title: { type: 'string' },
  source: { type: 'string' },
  url: { type: 'string' },
  published: { type: 'string' },
  language: { type: 'string' },
  author: { type: 'string' },
  'translated-from': { type: 'string' },
  status: { type: 'string' },
  tag: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  yes: { type: 'boolean' },
} as const;

interface Io {
  out: (text: string) => void;
}

export function runArticleCommand(args: { values: Record<string, unknown>; positionals: string[]; io: Io }, service: WorkbenchService): number {
  const { values, positionals, io } = args;
  const [action, ...ids] = positionals;
  if (action === 'set') {
    if (ids.length !== 1) throw new WorkbenchError('invalid_input', 'article set takes one article id', { usage: true });
    const text = (key: string): string | null | undefined => {
      const v = values[key];
      return v === undefined ? undefined : String(v).trim() === '' ? null : String(v);
    };
    const change: Record<string, unknown> = { id: ids[0] };
    const map: [string, string][] = [
      ['title', 'title'],
      ['source', 'source'],
      ['url', 'url'],
      ['published', 'publishedAt'],
      ['language', 'language'],
      ['author', 'author'],
      ['translated-from', 'machineTranslatedFrom'],
      ['status', 'status'],
    ];
    for (const [option, field] of map) if (text(option) !== undefined) change[field] = text(option);
    if (values.tag) change.tags = values.tag;
    if (Object.keys(change).length === 1)
      throw new WorkbenchError('invalid_input', 'article set needs at least one field to change (see --help)', { usage: true });
    const a = service.updateArticle(change as MethodInput<'updateArticle'>);
    io.out(
      `${a.id}  ${a.title}\n  source ${a.source ?? '-'} · url ${a.url ?? '-'} · published ${a.publishedAt ?? '-'} · language ${a.language ?? '-'} · status ${a.status}${a.tags.length ? ` · tags ${a.tags.join(', ')}` : ''}${a.machineTranslatedFrom ? ` · machine-translated from ${a.machineTranslatedFrom}` : ''}\n`,
    );
    return 0;
  }
  if (action === 'delete') {
    if (!ids.length) throw new WorkbenchError('invalid_input', 'article delete needs article ids', { usage: true });
    const result = service.deleteArticles({ ids });
    io.out(
      `deleted ${result.deleted.length} article${result.deleted.length === 1 ? '' : 's'} with ${result.spanCount} spans; undo with: workbench article restore ${ids.join(' ')}\n`,
    );
    return 0;
  }
  if (action === 'restore') {
    if (!ids.length) throw new WorkbenchError('invalid_input', 'article restore needs article ids', { usage: true });
    for (const a of service.restoreArticles({ ids })) io.out(`restored  ${a.id}  ${a.title}\n`);
    return 0;
  }
  if (action === 'trash') {
    const trash = service.listDeletedArticles({});
    for (const a of trash) io.out(`${a.id}  deleted ${a.deletedAt.slice(0, 16).replace('T', ' ')}  ${a.annotationCount} spans  ${a.title}\n`);
    io.out(
      trash.length
        ? `${trash.length} article${trash.length === 1 ? '' : 's'} in the trash; restore with: workbench article restore ID...\n`
        : 'The trash is empty.\n',
    );
    return 0;
  }
  if (action === 'purge') {
    if (values.all && ids.length) throw new WorkbenchError('invalid_input', 'article purge takes article ids or --all, not both', { usage: true });
    if (!values.all && !ids.length)
      throw new WorkbenchError('invalid_input', 'article purge needs article ids (from: workbench article trash) or --all', { usage: true });
    const trash = service.listDeletedArticles({});
    const inTrash = new Set(trash.map((a) => a.id));
    const wanted = values.all ? trash.map((a) => a.id) : ids;
    if (wanted.length === 0) {
      io.out('The trash is empty: nothing to remove.\n');
      return 0;
    }
    if (!values.yes) {
      for (const id of wanted) {
        const a = trash.find((t) => t.id === id);
        io.out(a ? `would remove  ${a.id}  ${a.annotationCount} spans  ${a.title}\n` : `not in the trash  ${id}\n`);
      }
      const missing = wanted.filter((id) => !inTrash.has(id)).length;
      throw new WorkbenchError(
        'invalid_input',
        `nothing was removed: removing articles from the trash is permanent (their spans go too and cannot be restored); add --yes to remove ${wanted.length - missing} article${wanted.length - missing === 1 ? '' : 's'} for good`,
      );
    }
    const result = service.purgeArticles({ ids: wanted });
    for (const a of result.purged) io.out(`removed  ${a.id}  ${a.title}\n`);
    io.out(
      `removed ${result.purged.length} article${result.purged.length === 1 ? '' : 's'} and ${result.spanCount} span${result.spanCount === 1 ? '' : 's'} for good\n`,
    );
    return 0;
  }
  throw new WorkbenchError('invalid_input', `article needs an action: set, delete, trash, restore or purge (not “${action ?? ''}”)`, { usage: true });
}
