import { expect, type Page } from '@playwright/test';

/**
 * A page object for the workbench renderer. Waits on readiness signals the
 * app exposes (data-ready on the article view, the save-state text), never
 * on sleeps.
 */
export class WorkbenchPage {
  readonly page: Page;
  private readonly errors: string[] = [];
  private readonly allowed: RegExp[] = [];
  /** The init script naming the tab's annotator: registered before the first navigation, or the first-run dialog may show. */
  private readonly ready: Promise<void>;

  /**
   * `annotator`: the name this tab has used before (so the first-run dialog stays away);
   * null starts as a new analyst would, with the first-run dialog.
   */
  constructor(page: Page, options: { annotator?: string | null } = {}) {
    this.page = page;
    const annotator = options.annotator === undefined ? 'e2e analyst' : options.annotator;
    this.ready =
      annotator === null
        ? Promise.resolve()
        : page
            .addInitScript((name) => {
              if (!localStorage.getItem('workbench.annotator')) localStorage.setItem('workbench.annotator', name);
            }, annotator)
            .then(() => undefined);
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(m.text());
    });
    page.on('pageerror', (e) => this.errors.push(`page error: ${e.message}`));
  }

  /** Console errors, less those a test provoked on purpose (see allowConsoleError). */
  get consoleErrors(): string[] {
    return this.errors.filter((e) => !this.allowed.some((re) => re.test(e)));
  }

  /** The browser logs every refused request (a 409 the app handles, say); a test that provokes one says so. */
  allowConsoleError(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  async goto(url: string): Promise<void> {
    await this.ready;
    await this.page.goto(url);
    await expect(this.page.getByRole('navigation', { name: 'Articles' })).toBeVisible();
  }

  articleItems() {
    return this.page.locator('.article-item');
  }

  async openArticle(title: string | RegExp): Promise<void> {
    await this.articleItems().filter({ hasText: title }).first().click();
    await this.waitForArticle();
  }

  async waitForArticle(): Promise<void> {
    await expect(this.page.locator('[data-testid="article-view"][data-ready="true"]')).toBeVisible();
  }

  textRoot() {
    return this.page.getByTestId('article-text');
  }

  /** A DOM range over stored offsets [start, end), found by walking each line's text nodes (independently of the app's code). */
  private async withRange<T>(start: number, end: number, use: 'select' | 'measure'): Promise<T> {
    return this.page.evaluate(
      ({ start, end, use }) => {
        const root = document.querySelector('[data-testid="article-text"]')!;
        const point = (offset: number): [Node, number] | null => {
          const blocks = [...root.querySelectorAll<HTMLElement>('[data-block-start]')];
          const block = blocks.filter((b) => Number(b.dataset.blockStart) <= offset).at(-1);
          if (!block) return null;
          let rest = offset - Number(block.dataset.blockStart);
          const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
            if (rest <= n.data.length) return [n, rest];
            rest -= n.data.length;
          }
          return null;
        };
        const a = point(start);
        const b = point(end);
        if (!a || !b) return null;
        const range = document.createRange();
        range.setStart(a[0], a[1]);
        range.setEnd(b[0], b[1]);
        if (use === 'measure') {
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        return true;
      },
      { start, end, use },
    ) as Promise<T>;
  }

  /** Selects stored-text offsets [start, end) as a DOM range, the way a mouse drag would. */
  async selectOffsets(start: number, end: number): Promise<void> {
    const ok = await this.withRange<boolean | null>(start, end, 'select');
    expect(ok, `offsets ${start}-${end} are in the article view`).toBe(true);
  }

  /** Centre of the on-screen box of stored offsets [start, end), without touching the selection. */
  async centreOf(start: number, end: number): Promise<{ x: number; y: number }> {
    const box = await this.withRange<{ x: number; y: number } | null>(start, end, 'measure');
    expect(box, `offsets ${start}-${end} are in the article view`).not.toBeNull();
    return box!;
  }

  /** Selects the n-th occurrence of `needle` in the stored text. */
  async selectText(stored: string, needle: string, occurrence = 0): Promise<{ start: number; end: number }> {
    let start = -1;
    for (let i = 0; i <= occurrence; i++) start = stored.indexOf(needle, start + 1);
    expect(start, `“${needle}” occurs in the article`).toBeGreaterThanOrEqual(0);
    await this.selectOffsets(start, start + needle.length);
    return { start, end: start + needle.length };
  }

  async waitSaved(): Promise<void> {
    await expect(this.page.getByTestId('save-state')).toHaveText('All changes saved');
  }

  /** Every block's text as shown, with the block's stored offsets. */
  async blocks(): Promise<{ start: number; end: number; text: string }[]> {
    return this.page.locator('[data-block-start]').evaluateAll((els) =>
      els.map((el) => ({
        start: Number((el as HTMLElement).dataset.blockStart),
        end: Number((el as HTMLElement).dataset.blockEnd),
        text: el.textContent ?? '',
      })),
    );
  }

  /** Distinct annotation ids present as marks in the view. */
  async markIds(): Promise<string[]> {
    const ids = await this.page.locator('mark[data-ids]').evaluateAll((els) => els.flatMap((el) => (el as HTMLElement).dataset.ids!.split(' ')));
    return [...new Set(ids)];
  }
}
