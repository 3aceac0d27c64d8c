import { type JSX, useEffect, useMemo, useState } from 'react';
import type { DeletedArticle } from '../../../../shared/domain';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { notify } from '../../state/toasts';

export interface TrashDialogProps {
  /** After a restore: the article list has changed. */
  onRestored: () => void;
  onClose: () => void;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The trash: deleted articles (hidden with their spans), restorable one by one
 * or all at once. Removing them for good is the one irreversible act in the
 * workbench, so it is a separate step that names what goes and asks again;
 * it removes exactly the articles listed here, never one deleted meanwhile
 * elsewhere.
 */
export function TrashDialog({ onRestored, onClose }: TrashDialogProps): JSX.Element {
  const [trash, setTrash] = useState<DeletedArticle[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<DeletedArticle[] | null>(null);
  const [working, setWorking] = useState(false);

  // Bumped after a restore or a removal: the trash is read again.
  const [version, setVersion] = useState(0);
  const reload = (): void => setVersion((v) => v + 1);
  useEffect(() => {
    let live = true;
    api.listDeletedArticles({}).then(
      (items) => {
        if (!live) return;
        setTrash(items);
        setChosen((c) => new Set([...c].filter((id) => items.some((a) => a.id === id))));
      },
      (error: unknown) => {
        if (!live) return;
        notify(`Could not read the trash: ${errorMessage(error)}`, 'error');
        setTrash([]);
      },
    );
    return () => {
      live = false;
    };
  }, [version]);

  const selected = useMemo(() => (trash ?? []).filter((a) => chosen.has(a.id)), [trash, chosen]);
  const toggle = (id: string): void =>
    setChosen((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const restore = async (items: DeletedArticle[]): Promise<void> => {
    setWorking(true);
    try {
      const restored = await api.restoreArticles({ ids: items.map((a) => a.id) });
      notify(`Restored ${plural(restored.length, 'article')} with their spans.`);
      onRestored();
      reload();
    } catch (error) {
      notify(`Restore failed: ${errorMessage(error)}`, 'error');
    } finally {
      setWorking(false);
    }
  };

  const purge = async (items: DeletedArticle[]): Promise<void> => {
    setWorking(true);
    try {
      const result = await api.purgeArticles({ ids: items.map((a) => a.id) });
      notify(`Removed ${plural(result.purged.length, 'article')} and ${plural(result.spanCount, 'span')} for good.`);
      setConfirming(null);
      reload();
    } catch (error) {
      notify(`Removing failed: ${errorMessage(error)}`, 'error');
    } finally {
      setWorking(false);
    }
  };

  if (confirming) {
    const spans = confirming.reduce((n, a) => n + a.annotationCount, 0);
    return (
      <Dialog
        title={`Remove ${plural(confirming.length, 'article')} for good?`}
        titleId="purge-title"
        onClose={() => setConfirming(null)}
        initialFocus="button.keep"
      >
        <p className="purge-warning" data-testid="purge-warning">
          <strong>This cannot be undone.</strong> {confirming.length === 1 ? 'The article' : 'These articles'},{' '}
          {spans === 0 ? 'which hold no spans' : `their ${plural(spans, 'tagged span')} with notes and attributes`}, and the original files kept beside them are
          erased from this database. Undo and Restore will not bring them back.
        </p>
        <ul className="purge-list">
          {confirming.slice(0, 8).map((a) => (
            <li key={a.id}>
              {a.title} <span className="soft">({plural(a.annotationCount, 'span')})</span>
            </li>
          ))}
          {confirming.length > 8 && <li className="soft">and {confirming.length - 8} more</li>}
        </ul>
        <div className="dialog-actions">
          <button type="button" className="button keep" onClick={() => setConfirming(null)} disabled={working}>
            Keep them in the trash
          </button>
          <button type="button" className="button danger" onClick={() => void purge(confirming)} disabled={working} data-testid="confirm-purge">
            Remove {plural(confirming.length, 'article')} for good
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Trash" titleId="trash-title" onClose={onClose} wide initialFocus=".trash-list input, button.close">
      <p className="soft">
        Deleted articles are kept here with their spans until you remove them for good. Restoring brings an article back with everything tagged in it.
      </p>
      {trash === null ? (
        <p className="empty">Reading the trash…</p>
      ) : trash.length === 0 ? (
        <p className="empty" data-testid="trash-empty">
          The trash is empty.
        </p>
      ) : (
        <table className="trash-list" data-testid="trash-list">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="Choose every article in the trash"
                  checked={selected.length === trash.length}
                  onChange={(e) => setChosen(new Set(e.target.checked ? trash.map((a) => a.id) : []))}
                />
              </th>
              <th>Title</th>
              <th>Outlet</th>
              <th className="num">Spans</th>
              <th>Deleted</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {trash.map((a) => (
              <tr key={a.id} className={chosen.has(a.id) ? 'chosen' : ''}>
                <td>
                  <input type="checkbox" aria-label={`Choose “${a.title}”`} checked={chosen.has(a.id)} onChange={() => toggle(a.id)} />
                </td>
                <td className="title">{a.title}</td>
                <td>{a.source ?? ''}</td>
                <td className="num">{a.annotationCount}</td>
                <td>
                  <time dateTime={a.deletedAt}>{new Date(a.deletedAt).toLocaleString()}</time>
                </td>
                <td>
                  <button type="button" className="button small" onClick={() => void restore([a])} disabled={working} aria-label={`Restore “${a.title}”`}>
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-actions trash-actions">
        {trash && trash.length > 0 && (
          <>
            <button type="button" className="button" onClick={() => void restore(selected)} disabled={working || selected.length === 0}>
              Restore {selected.length ? plural(selected.length, 'article') : 'chosen'}
            </button>
            <button type="button" className="button danger" onClick={() => setConfirming(selected)} disabled={working || selected.length === 0}>
              Remove chosen for good…
            </button>
            <button type="button" className="button danger" onClick={() => setConfirming(trash)} disabled={working}>
              Empty trash…
            </button>
          </>
        )}
        <span className="spacer" />
        <button type="button" className="button close" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
