import type { ArticleListItem, ArticleStatus } from '../../../../shared/domain';

/** Filtering and sorting of the article list: plain functions, tested without a browser. */

export interface ListFilter {
  source: string;
  language: string;
  status: ArticleStatus | '';
  labelId: number | null;
  annotator: string;
  tag: string;
  /** YYYY-MM-DD, inclusive; articles without a date are left out when either bound is set. */
  from: string;
  to: string;
}

export const NO_FILTER: ListFilter = { source: '', language: '', status: '', labelId: null, annotator: '', tag: '', from: '', to: '' };

export type SortKey = 'imported' | 'published' | 'title' | 'source' | 'spans';

export const SORTS: { key: SortKey; name: string }[] = [
  { key: 'imported', name: 'Imported' },
  { key: 'published', name: 'Date' },
  { key: 'title', name: 'Title' },
  { key: 'source', name: 'Outlet' },
  { key: 'spans', name: 'Spans' },
];

export const STATUS_NAMES: Record<ArticleStatus, string> = { new: 'New', in_progress: 'In progress', done: 'Done', reviewed: 'Reviewed' };

export function isFiltered(filter: ListFilter): boolean {
  return Object.entries(filter).some(([k, v]) => (k === 'labelId' ? v !== null : v !== ''));
}

export function filterArticles(items: readonly ArticleListItem[], f: ListFilter): ArticleListItem[] {
  return items.filter((a) => {
    if (f.source && (a.source ?? '') !== f.source) return false;
    if (f.language && (a.language ?? '') !== f.language) return false;
    if (f.status && a.status !== f.status) return false;
    if (f.labelId !== null && !a.labelCounts[f.labelId]) return false;
    if (f.annotator && !a.annotators.includes(f.annotator)) return false;
    if (f.tag && !a.tags.includes(f.tag)) return false;
    if (f.from || f.to) {
      const day = a.publishedAt?.slice(0, 10);
      if (!day) return false;
      if (f.from && day < f.from) return false;
      if (f.to && day > f.to) return false;
    }
    return true;
  });
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function sortArticles(items: readonly ArticleListItem[], key: SortKey, descending: boolean): ArticleListItem[] {
  const sorted = [...items];
  const by: Record<SortKey, (a: ArticleListItem, b: ArticleListItem) => number> = {
    imported: (a, b) => a.importedAt.localeCompare(b.importedAt),
    // Undated articles sort last either way.
    published: (a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''),
    title: (a, b) => collator.compare(a.title, b.title),
    source: (a, b) => collator.compare(a.source ?? '', b.source ?? ''),
    spans: (a, b) => a.annotationCount - b.annotationCount,
  };
  sorted.sort((a, b) => {
    if (key === 'published' && !a.publishedAt !== !b.publishedAt) return a.publishedAt ? -1 : 1;
    if (key === 'source' && !a.source !== !b.source) return a.source ? -1 : 1;
    const c = by[key](a, b);
    return descending ? -c : c;
  });
  return sorted;
}

/** Distinct non-empty values of a field, sorted, for the filter menus. */
export function facet(items: readonly ArticleListItem[], pick: (a: ArticleListItem) => readonly (string | null)[]): string[] {
  const set = new Set<string>();
  for (const a of items) for (const v of pick(a)) if (v) set.add(v);
  return [...set].sort((a, b) => collator.compare(a, b));
}

export function statusSummary(items: readonly ArticleListItem[]): Record<ArticleStatus, number> {
  const counts: Record<ArticleStatus, number> = { new: 0, in_progress: 0, done: 0, reviewed: 0 };
  for (const a of items) counts[a.status]++;
  return counts;
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  ru: 'Russian',
  uk: 'Ukrainian',
  de: 'German',
  fr: 'French',
  ar: 'Arabic',
  pl: 'Polish',
  be: 'Belarusian',
  und: 'an unknown language',
};

export function languageName(code: string | null): string {
  if (!code) return '';
  return LANGUAGE_NAMES[code] ?? code;
}
