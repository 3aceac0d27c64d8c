// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Annotation, Label } from '../../../src/shared/domain';
import { escapeText, labelStyleSheet, markOpenTag, type MarkLookup } from '../../../src/renderer/src/editor/mark-decoration';

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
    // Slot 1: Claim's colour, lane 0; slot 2: Condition's colour, lane 1; room below for lane 1.
    expect(mark.className).toBe('span-mark span-mark-overlap n-2 c1-1 o1-0 c2-2 o2-1 depth-1');
    expect(mark.hasAttribute('style')).toBe(false);
    expect(mark.getAttribute('aria-label')).toBe('Claim + Condition');
    expect(mark.hasAttribute('data-initials')).toBe(false);
  });

  it('gives an overlap by class the colours, lanes and room the stylesheet defines for them', () => {
    const labels = [label(1, 'Claim', '#2563eb'), label(2, 'Condition', '#b45309')];
    const sheet = labelStyleSheet(labels);
    const rule = (selector: string): string => {
      const line = sheet.split('\n').find((l) => l.startsWith(`${selector} {`));
      if (!line) throw new Error(`no rule for ${selector}`);
      return line.slice(selector.length + 3, -2).trim();
    };
    expect(rule('.span-mark.c1-1')).toBe('--c1: #2563eb; --f1: #2563eb2e;');
    expect(rule('.span-mark.c2-2')).toBe('--c2: #b45309; --f2: #b453092e;');
    expect(rule('.span-mark.o2-1')).toBe('--o2: 3px;');
    expect(rule('.span-mark.depth-1')).toBe('padding-bottom: 6px;');
    // Underlines first (one per span, 2px, at its lane), then the translucent fills.
    expect(rule('.span-mark.n-2')).toBe(
      'background-image: linear-gradient(var(--c1), var(--c1)), linear-gradient(var(--c2), var(--c2)), ' +
        'linear-gradient(var(--f1), var(--f1)), linear-gradient(var(--f2), var(--f2)); ' +
        'background-size: 100% 2px, 100% 2px, 100% 100%, 100% 100%; ' +
        'background-position: 0 calc(100% - var(--o1)), 0 calc(100% - var(--o2)), 0 0, 0 0;',
    );
    // A span whose label is gone still gets a colour.
    expect(rule('.span-mark.c3-none')).toBe('--c3: #888888; --f3: #8888882e;');
  });

  it('draws a run under more spans than the stylesheet has slots for with an inline style', () => {
    const labels = [label(1, 'Claim', '#2563eb')];
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const mark = parse(
      `${markOpenTag(
        ids,
        [],
        lookup(
          labels,
          ids.map((id) => span(id, 1)),
        ),
      )}</mark>`,
    );
    expect(mark.className).toBe('span-mark span-mark-overlap');
    expect(mark.style.paddingBottom).toBe('6px');
    expect(mark.getAttribute('aria-label')).toBe('Claim');
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
