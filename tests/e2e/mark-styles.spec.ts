import { expect, test } from '@playwright/test';
import type { Annotation, Label } from '../../src/shared/domain';
import { labelStyleSheet, markOpenTag, overlapInlineStyle, type MarkLookup } from '../../src/renderer/src/editor/mark-decoration';

// A run under several spans is drawn by classes (issue 9 item 8: an inline style per mark made two layers slow).
// Chromium must draw it exactly as the inline style it replaces: same colours, lanes, fills and room below.

const labels: Label[] = [
  { id: 1, name: 'Claim', color: '#2563eb' },
  { id: 2, name: 'Condition', color: '#b45309' },
  { id: 3, name: 'Casualty figure', color: '#dc2626' },
  { id: 4, name: 'Propaganda framing', color: '#7c3aed' },
].map((l, i) => ({ ...l, hotkey: null, attributes: [], position: i, archived: false, description: '' }) as unknown as Label);

/** Runs to compare: the label of each covering span (0: a label that no longer exists) and its lane. */
const runs: { labelId: number; lane: number }[][] = [
  [
    { labelId: 1, lane: 0 },
    { labelId: 1, lane: 1 },
  ],
  [
    { labelId: 4, lane: 0 },
    { labelId: 2, lane: 1 },
  ],
  [
    { labelId: 3, lane: 2 },
    { labelId: 1, lane: 0 },
    { labelId: 0, lane: 1 },
  ],
  [
    { labelId: 2, lane: 0 },
    { labelId: 3, lane: 1 },
    { labelId: 4, lane: 2 },
    { labelId: 1, lane: 3 },
    { labelId: 2, lane: 7 },
  ],
  [
    { labelId: 1, lane: 0 },
    { labelId: 2, lane: 1 },
    { labelId: 3, lane: 2 },
    { labelId: 4, lane: 3 },
    { labelId: 1, lane: 3 },
    { labelId: 2, lane: 3 },
  ],
];

function lookupFor(run: { labelId: number; lane: number }[]): MarkLookup {
  const spans = new Map(run.map((s, i) => [`s${i}`, { id: `s${i}`, labelId: s.labelId } as unknown as Annotation]));
  return {
    annotation: (id) => spans.get(id),
    label: (id) => labels.find((l) => l.id === id),
    lane: (id) => run[Number(id.slice(1))]!.lane,
  };
}

test('a run under 2 to 6 spans drawn by class looks exactly as its inline style did', async ({ page }) => {
  let body = '';
  runs.forEach((run, r) => {
    const ids = run.map((_, i) => `s${i}`);
    const lookup = lookupFor(run);
    const byClass = markOpenTag(ids, [], lookup);
    expect(byClass).not.toContain('style=');
    body += `<p>${byClass.replace('<mark ', `<mark id="class-${r}" `)}text</mark> `;
    body += `<mark id="inline-${r}" class="span-mark" style="${overlapInlineStyle(ids, lookup)}">text</mark></p>`;
  });
  await page.setContent(`<!doctype html><style>${labelStyleSheet(labels)}\n.span-mark { background-repeat: no-repeat; }</style>${body}`);
  for (let r = 0; r < runs.length; r++) {
    const drawn = await page.evaluate((r) => {
      const look = (id: string): string[] => {
        const style = getComputedStyle(document.getElementById(id)!);
        return [style.backgroundImage, style.backgroundSize, style.backgroundPosition, style.paddingBottom];
      };
      return { byClass: look(`class-${r}`), inline: look(`inline-${r}`) };
    }, r);
    expect(drawn.byClass[0]).toContain('rgb'); // the colours resolved (a missing rule would leave no image at all)
    expect(drawn.byClass).toEqual(drawn.inline);
  }
});
