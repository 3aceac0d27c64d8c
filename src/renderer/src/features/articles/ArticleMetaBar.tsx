import { type JSX, useState } from 'react';
import type { ArticleListItem, ArticleStatus, ArticleSummary } from '../../../../shared/domain';
import { ARTICLE_STATUSES } from '../../../../shared/domain';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { notify } from '../../state/toasts';
import { languageName, STATUS_NAMES } from './list-model';
import { changedMetadata, metadataForm } from './metadata-change';

/**
 * Above the open article: its outlet, date, language, a plain warning when
 * the text is a machine translation, its status (set here), tags, and the
 * Edit… and Delete… actions.
 */
export function ArticleMetaBar({
  article,
  onChanged,
  onDelete,
}: {
  article: ArticleListItem;
  onChanged: (a: ArticleSummary) => void;
  onDelete: () => void;
}): JSX.Element {
  const [editing, setEditing] = useState(false);
  const setStatus = (status: ArticleStatus): void => {
    api.updateArticle({ id: article.id, status }).then(onChanged, (e: unknown) => notify(errorMessage(e), 'error'));
  };
  return (
    <div className="meta-bar" data-testid="meta-bar">
      {article.source && (
        <span className="meta-item">
          <strong>{article.source}</strong>
        </span>
      )}
      {article.publishedAt && <span className="meta-item">{article.publishedAt.slice(0, 10)}</span>}
      {article.language && <span className="meta-item">{languageName(article.language)}</span>}
      {article.author && <span className="meta-item">by {article.author}</span>}
      {article.url && (
        <a className="meta-item" href={article.url} target="_blank" rel="noreferrer noopener" title={article.url}>
          {new URL(article.url).hostname}
        </a>
      )}
      {article.machineTranslatedFrom && (
        <span className="mt-warning" role="note" data-testid="mt-warning">
          Machine-translated from {languageName(article.machineTranslatedFrom)}: quotes are not the original wording
        </span>
      )}
      {article.tags.map((t) => (
        <span key={t} className="tag">
          {t}
        </span>
      ))}
      {!article.source && !article.publishedAt && !article.language && <span className="meta-item">No outlet, date or language yet</span>}
      <span className="spacer" />
      <label>
        <span className="visually-hidden">Status</span>
        <select value={article.status} onChange={(e) => setStatus(e.target.value as ArticleStatus)} aria-label="Article status">
          {ARTICLE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_NAMES[s]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button subtle small" onClick={() => setEditing(true)}>
        Edit details…
      </button>
      <button type="button" className="button subtle small" onClick={onDelete}>
        Delete…
      </button>
      {editing && (
        <MetadataDialog
          article={article}
          onClose={() => setEditing(false)}
          onSaved={(a) => {
            setEditing(false);
            onChanged(a);
          }}
        />
      )}
    </div>
  );
}

const LANGUAGES = ['en', 'ru', 'uk', 'de', 'fr', 'ar', 'pl', 'be'];

function MetadataDialog({ article, onClose, onSaved }: { article: ArticleSummary; onClose: () => void; onSaved: (a: ArticleSummary) => void }): JSX.Element {
  const [opened] = useState(() => metadataForm(article));
  const [form, setForm] = useState(opened);
  const [problem, setProblem] = useState<string | null>(null);
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });
  const save = (): void => {
    const change = changedMetadata(opened, form);
    if (Object.keys(change).length === 0) return onClose();
    api.updateArticle({ id: article.id, ...change }).then(onSaved, (e: unknown) => setProblem(errorMessage(e)));
  };
  return (
    <Dialog title="Article details" titleId="meta-title" onClose={onClose} initialFocus="input">
      <form
        className="meta-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="field full">
          Title
          <input type="text" {...field('title')} />
        </label>
        <label className="field">
          Outlet (source)
          <input type="text" {...field('source')} />
        </label>
        <label className="field">
          Author
          <input type="text" {...field('author')} />
        </label>
        <label className="field full">
          URL
          <input type="url" placeholder="https://…" {...field('url')} />
        </label>
        <label className="field">
          Published
          <input type="date" {...field('publishedAt')} value={form.publishedAt.slice(0, 10)} />
        </label>
        <label className="field">
          Language
          <select {...field('language')}>
            <option value="">Not set</option>
            {[...new Set([...LANGUAGES, ...(form.language ? [form.language] : [])])].map((l) => (
              <option key={l} value={l}>
                {languageName(l)} ({l})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Machine-translated from
          <select {...field('machineTranslatedFrom')}>
            <option value="">Not a machine translation</option>
            {[...LANGUAGES, 'und'].map((l) => (
              <option key={l} value={l}>
                {l === 'und' ? 'Unknown language' : languageName(l)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Tags and collections (comma-separated)
          <input type="text" {...field('tags')} />
        </label>
        {problem && (
          <p className="field-problem full" role="alert">
            {problem}
          </p>
        )}
        <div className="dialog-actions full">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Asks before deleting; names how many spans go with the articles and that an undo follows. */
export function DeleteDialog({ articles, onConfirm, onClose }: { articles: ArticleListItem[]; onConfirm: () => void; onClose: () => void }): JSX.Element {
  const spans = articles.reduce((n, a) => n + a.annotationCount, 0);
  const what = articles.length === 1 ? `“${articles[0]!.title}”` : `${articles.length} articles`;
  return (
    <Dialog title={`Delete ${what}?`} titleId="delete-title" onClose={onClose} initialFocus="button.danger">
      <p>
        {spans === 0
          ? 'No spans are tagged in it.'
          : `${spans} tagged span${spans === 1 ? '' : 's'} (with their notes and history) go with ${articles.length === 1 ? 'it' : 'them'}.`}{' '}
        Nothing is erased: {articles.length === 1 ? 'it goes' : 'they go'} to the Trash with {articles.length === 1 ? 'its' : 'their'} spans, and you can undo
        this right after or restore {articles.length === 1 ? 'it' : 'them'} from the Trash later.
      </p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Keep
        </button>
        <button type="button" className="button danger" onClick={onConfirm} data-testid="confirm-delete">
          Delete
        </button>
      </div>
    </Dialog>
  );
}
