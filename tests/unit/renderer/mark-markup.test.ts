// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Annotation, Label } from '../../../src/shared/domain';
import { escapeText, markOpenTag, type MarkLookup } from '../../../src/renderer/src/editor/mark-decoration';

const label = (id: number, name: string, color: string): Label =>
  ({ id, name, color, hotkey: null, attributes: [], position: id, archived: false, description: '' }) as unknown as Label;
const span = (id: string, labelId: number, annotator = 'me'): Annotation =>
  ({ id, labelId, annotator, start: 0, end: 1, attributes: {} }) as unknown as Annotation;

function lookup(labels: Label[], spans: Annotation[], layer?: MarkLookup['layer']): MarkLookup {
  return {
    annotation: (id) => spans.find((s) => s.id === id),
    label: (id) => labels.find((l) => l.id === id),
    lane: (id) => (id === 'b' ? 1 : 0),
    ...(layer ? { layer } : {}),
  };
}

/** The mark element a browser builds from the markup (what the editor's lines are parsed from). */
function parse(html: string): HTMLElement {
  const holder = document.createElement('div');
  holder.innerHTML = html;
  return holder.firstElementChild as HTMLElement;
}

describe('mark markup', () => {
  it('names a label exactly as typed, whatever characters it holds, and escapes the text', () => {
    const odd = label(7, 'Claim "quoted" <b> & co', '#123456');
    const mark = parse(`${markOpenTag(['a'], ['a'], lookup([odd], [span('a', 7)]))}${escapeText('x < y & "z"')}</mark>`);
    expect(mark.getAttribute('aria-label')).toBe('Claim "quoted" <b> & co');
    expect(mark.dataset.ids).toBe('a');
    expect(mark.className).toBe('span-mark single l-7 lane-0');
    expect(mark.textContent).toBe('x < y & "z"');
    expect(mark.dataset.initials).toBe('C"<'); // first letters of the first three words, escaped and read back intact
  });

  it('draws a run under several spans with a lane and a fill per span, and names both labels', () => {
    const labels = [label(1, 'Claim', '#2563eb'), label(2, 'Condition', '#b45309')];
    const mark = parse(`${markOpenTag(['a', 'b'], [], lookup(labels, [span('a', 1), span('b', 2)]))}</mark>`);
    expect(mark.className).toBe('span-mark span-mark-overlap');
    expect(mark.getAttribute('aria-label')).toBe('Claim + Condition');
    expect(mark.style.paddingBottom).toBe('6px');
    expect(mark.hasAttribute('data-initials')).toBe(false);
  });

  it('marks other layers, gold and disagreement, with the annotators in the name', () => {
    const labels = [label(1, 'Claim', '#2563eb')];
    const layer: MarkLookup['layer'] = (id) => ({
      annotator: id === 'a' ? 'ana' : 'gold',
      initials: id === 'a' ? 'AN' : 'GOLD',
      index: 1,
      gold: id !== 'a',
      disagreement: true,
    });
    const mark = parse(`${markOpenTag(['a', 'g'], [], lookup(labels, [span('a', 1, 'ana'), span('g', 1, 'gold')], layer))}</mark>`);
    expect(mark.classList.contains('by-other')).toBe(true);
    expect(mark.classList.contains('by-1')).toBe(true);
    expect(mark.classList.contains('by-gold')).toBe(true);
    expect(mark.classList.contains('disagreement')).toBe(true);
    expect(mark.dataset.layers).toBe('AN GOLD');
    expect(mark.getAttribute('aria-label')).toBe('Claim (ana) + Claim (gold)');
  });
});
