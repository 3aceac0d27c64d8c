import { describe, expect, it } from 'vitest';
import { NO_ATTRIBUTES } from '../../../src/shared/attributes';
import { DEFAULT_LABELS } from '../../../src/shared/default-labels';
import type { Annotation, Attributes, Label } from '../../../src/shared/domain';
import { buildRows, GROUP, rowAt, SPAN, SPAN_WITH_SUMMARY } from '../../../src/renderer/src/components/span-list-rows';

// Claim 1, Condition 2, Casualty figure 3, Propaganda framing 4, and an archived label 5.
const labels: Label[] = [
  ...DEFAULT_LABELS.map((l, i) => ({ ...l, id: i + 1, position: i, archived: false })),
  { ...DEFAULT_LABELS[0]!, key: 'old', name: 'Old', hotkey: '', id: 5, position: 4, archived: true },
];

function span(id: string, labelId: number, start: number, attributes: Attributes = NO_ATTRIBUTES): Annotation {
  return {
    id,
    articleId: 'a',
    labelId,
    start,
    end: start + 3,
    quote: 'abc',
    annotator: 'rita',
    note: '',
    confidence: null,
    attributes,
    status: 'proposed',
    createdAt: 'x',
    updatedAt: 'x',
  };
}

// In text order, as the editor lists them: two claims, a casualty figure with a value, a condition.
const spans = [span('c1', 1, 0), span('f1', 3, 5, { value: 175 }), span('c2', 1, 10), span('k1', 2, 20)];
const none = new Set<number>();

describe('buildRows and rowAt (the span list without an object per span)', () => {
  it('lists each label in label order with its spans in text order, an empty label as a header, and skips an archived label with no spans', () => {
    const model = buildRows(spans, labels, none, none);
    const rows = Array.from({ length: model.count }, (_, i) => rowAt(model, i));
    expect(rows.map((r) => (r.kind === 'group' ? `${r.label.name} (${r.count})` : r.annotation.id))).toEqual([
      'Claim (2)',
      'c1',
      'c2',
      'Condition (1)',
      'k1',
      'Casualty figure (1)',
      'f1',
      'Propaganda framing (0)',
    ]);
    expect([...model.kinds]).toEqual([GROUP, SPAN, SPAN, GROUP, SPAN, GROUP, SPAN_WITH_SUMMARY, GROUP]);
    expect(rowAt(model, 6)).toMatchObject({ kind: 'span', summary: '175' });
    expect(rowAt(model, 1)).toMatchObject({ kind: 'span', summary: '' });
  });

  it('a collapsed or hidden label keeps its header and count but lists no rows', () => {
    const model = buildRows(spans, labels, new Set([1]), new Set([3]));
    const rows = Array.from({ length: model.count }, (_, i) => rowAt(model, i));
    expect(rows.map((r) => (r.kind === 'group' ? `${r.label.name} (${r.count})` : r.annotation.id))).toEqual([
      'Claim (2)',
      'Condition (1)',
      'k1',
      'Casualty figure (1)',
      'Propaganda framing (0)',
    ]);
  });

  it('an archived label that still has spans is listed', () => {
    const model = buildRows([...spans, span('o1', 5, 30)], labels, none, none);
    expect(rowAt(model, model.count - 2)).toMatchObject({ kind: 'group', label: { name: 'Old' }, count: 1 });
    expect(rowAt(model, model.count - 1)).toMatchObject({ kind: 'span', annotation: { id: 'o1' } });
  });
});
