import { blockElementAt, offsetsToRange } from '../../editor/dom-offsets';

/**
 * Shows search matches in the open article without touching the editor's
 * state: the CSS Custom Highlight API paints ranges over the text (all
 * matches faintly, the current one strongly) and the current one is
 * scrolled into view.
 */

const ALL = 'workbench-find';
const CURRENT = 'workbench-find-current';

type HighlightRegistry = { set(name: string, h: unknown): void; delete(name: string): void };
const registry = (): HighlightRegistry | undefined => (globalThis.CSS as unknown as { highlights?: HighlightRegistry } | undefined)?.highlights;
const HighlightCtor = (globalThis as unknown as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;

export function articleTextRoot(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-testid="article-view"][data-ready="true"] [data-testid="article-text"]');
}

export function showMatches(root: HTMLElement, ranges: readonly { start: number; end: number }[], current: number): boolean {
  const highlights = registry();
  const target = ranges[current];
  if (target) {
    blockElementAt(root, target.start)?.scrollIntoView({ block: 'center' });
  }
  if (!highlights || !HighlightCtor) return false;
  const domRanges = ranges.map((r) => offsetsToRange(root, r.start, r.end)).filter((r): r is Range => r !== null);
  highlights.set(ALL, new HighlightCtor(...domRanges));
  const currentRange = target ? offsetsToRange(root, target.start, target.end) : null;
  if (currentRange) highlights.set(CURRENT, new HighlightCtor(currentRange));
  else highlights.delete(CURRENT);
  root.dataset.findCurrent = target ? `${target.start}-${target.end}` : '';
  return true;
}

export function clearMatches(): void {
  registry()?.delete(ALL);
  registry()?.delete(CURRENT);
  const root = articleTextRoot();
  if (root) delete root.dataset.findCurrent;
}

/** Resolves with the article text element once the article is rendered (or null after the timeout). */
export function whenArticleReady(articleId: string, timeoutMs = 5000): Promise<HTMLElement | null> {
  return new Promise((resolve) => {
    const started = performance.now();
    const check = (): void => {
      const view = document.querySelector<HTMLElement>('[data-testid="article-view"][data-ready="true"]');
      const root = view?.querySelector<HTMLElement>('[data-testid="article-text"]');
      const sameArticle = window.location.hash === `#/article/${articleId}`;
      if (root && sameArticle) return resolve(root);
      if (performance.now() - started > timeoutMs) return resolve(null);
      requestAnimationFrame(check);
    };
    check();
  });
}
