import type { Annotation, Article, Label, OpenedArticle, Session } from '../../../shared/domain';
import { unpackSpans } from '../../../shared/packed-spans';
import { WorkbenchError, type Result } from '../../../shared/errors';
import { api, rememberedAnnotator, setCallerAnnotator } from '../api';

/**
 * The first requests of a window: the opened article with its spans and
 * labels in one call, and the session. The page's head sends them before the
 * bundle is even fetched (public/boot.js); this module, run first in the
 * bundle (main.tsx imports it before React), takes their answers, or sends
 * them itself where boot.js did not (or its request failed). React then picks
 * these answers up instead of asking again, so the editor's data arrives in
 * parallel with start-up, and the labels are fetched once.
 */

/** What public/boot.js sent: each answer a Result, or null when the request itself failed. */
interface BootRequests {
  article?: { id: string; answer: Promise<Result<OpenedArticle> | null> };
  session?: { name: string; answer: Promise<Result<Session> | null> };
}
const boot: BootRequests = (window as { __workbenchBoot?: BootRequests }).__workbenchBoot ?? {};

/** The value of a request boot.js sent, else the same request sent now (a failed transport gets its usual error there). */
async function fromBoot<T>(sent: Promise<Result<T> | null> | undefined, method: string, again: () => Promise<T>): Promise<T> {
  const result = sent ? await sent : null;
  if (!result) return again();
  if (!result.ok) throw WorkbenchError.fromData(result.error, method);
  return result.value;
}

export function articleIdFromHash(): string | null {
  const match = /^#\/article\/([\w-]+)$/.exec(window.location.hash);
  return match ? match[1]! : null;
}

/** The session as this window's annotator: the name it used last (sent with every call from now on), else none chosen yet. */
async function askSession(): Promise<Session> {
  const remembered = rememberedAnnotator();
  if (remembered) {
    try {
      const sent = boot.session?.name === remembered ? boot.session.answer : undefined;
      const session = await fromBoot(sent, 'setAnnotator', () => api.setAnnotator({ name: remembered }));
      setCallerAnnotator(session.annotator);
      return session;
    } catch {
      // A name this database refuses (say, one reserved since): ask again.
    }
  }
  return api.getSession({});
}

const startupId = articleIdFromHash();
let startupArticle: { id: string; promise: Promise<OpenedArticle> } | null = startupId
  ? {
      id: startupId,
      promise: fromBoot(boot.article?.id === startupId ? boot.article.answer : undefined, 'openArticle', () => api.openArticle({ id: startupId })),
    }
  : null;
// Nobody may wait for it (the hash names an article that is gone): a failure is reported where it is used.
startupArticle?.promise.catch(() => undefined);
const startupSession = askSession();
startupSession.catch(() => undefined);

/** The session, asked once at start-up. */
export function startSession(): Promise<Session> {
  return startupSession;
}

/** Labels at start-up: those the opened article came with, else asked for. */
export function startupLabels(): Promise<Label[]> {
  const listed = (): Promise<Label[]> => api.listLabels({ includeArchived: true });
  return startupArticle ? startupArticle.promise.then((opened) => opened.labels, listed) : listed();
}

/** Article texts already received (they never change), for finding inside an article without asking again. */
const texts = new Map<string, string>();

/** An article as the editor opens it, its spans unpacked. */
export interface ArticleData {
  article: Article;
  annotations: Annotation[];
  labels: Label[];
}

/**
 * An article as the editor opens it. The request sent at start-up serves the
 * first open of that article only; every later open asks again, so spans
 * are never stale.
 */
export function openArticleData(id: string): Promise<ArticleData> {
  let promise: Promise<OpenedArticle>;
  if (startupArticle?.id === id) {
    promise = startupArticle.promise;
    startupArticle = null;
  } else {
    promise = api.openArticle({ id });
  }
  return promise.then((opened) => {
    if (texts.size > 20) texts.clear();
    texts.set(id, opened.article.text);
    return { article: opened.article, annotations: unpackSpans(opened.article.text, opened.spans), labels: opened.labels };
  });
}

/** An article's text: the one already received when the article was opened, else asked for. */
export async function articleText(id: string): Promise<string> {
  return texts.get(id) ?? (await api.getArticle({ id })).text;
}
