import type { Annotation, Label } from '../../../shared/domain';
import { hasNoAttributes } from '../../../shared/attributes';
import { spanSummary } from '../../../shared/span-summary';

/** Summaries per span object (a changed span is a new object): rebuilding the rows after a key press reads them instead of working out thousands. */
const summaries = new WeakMap<Annotation, { defs: Label['attributes']; summary: string }>();
function summaryOf(label: Label, annotation: Annotation): string {
  // Most spans have no attributes: nothing to remember.
  if (hasNoAttributes(annotation.attributes)) return '';
  const cached = summaries.get(annotation);
  if (cached && cached.defs === label.attributes) return cached.summary;
  const summary = spanSummary(label.attributes, annotation.attributes);
  summaries.set(annotation, { defs: label.attributes, summary });
  return summary;
}

export type Row = { kind: 'group'; label: Label; count: number } | { kind: 'span'; annotation: Annotation; label: Label; summary: string };

/** Row heights in pixels, by kind: a label's header, a span, a span with a summary of its attributes. */
export const GROUP = 0;
export const SPAN = 1;
export const SPAN_WITH_SUMMARY = 2;
export const ROW_HEIGHTS = [34, 44, 60];

/**
 * The list's rows without an object per span: each label's spans in text
 * order, and one byte per row for its height. After a key press an article
 * of 50,000 spans is grouped again in a pass of cheap steps; a row object is
 * made only for the rows on screen.
 */
export interface RowModel {
  groups: { label: Label; spans: Annotation[]; open: boolean; firstRow: number }[];
  kinds: Uint8Array;
  count: number;
}

export function buildRows(
  annotations: readonly Annotation[],
  labels: readonly Label[],
  collapsed: ReadonlySet<number>,
  hiddenLabels: ReadonlySet<number>,
): RowModel {
  const byLabel = new Map<number, Annotation[]>();
  for (const a of annotations) {
    const list = byLabel.get(a.labelId);
    if (list) list.push(a);
    else byLabel.set(a.labelId, [a]);
  }
  const groups: RowModel['groups'] = [];
  let count = 0;
  for (const label of labels) {
    const spans = byLabel.get(label.id) ?? [];
    if (label.archived && spans.length === 0) continue;
    const open = !collapsed.has(label.id) && !hiddenLabels.has(label.id);
    groups.push({ label, spans, open, firstRow: count });
    count += 1 + (open ? spans.length : 0);
  }
  const kinds = new Uint8Array(count);
  for (const group of groups) {
    kinds[group.firstRow] = GROUP;
    if (!group.open) continue;
    let row = group.firstRow + 1;
    for (const a of group.spans) kinds[row++] = summaryOf(group.label, a) ? SPAN_WITH_SUMMARY : SPAN;
  }
  return { groups, kinds, count };
}

export function rowAt(model: RowModel, index: number): Row {
  let g = model.groups.length - 1;
  while (g > 0 && model.groups[g]!.firstRow > index) g--;
  const group = model.groups[g]!;
  if (index === group.firstRow) return { kind: 'group', label: group.label, count: group.spans.length };
  const annotation = group.spans[index - group.firstRow - 1]!;
  return { kind: 'span', annotation, label: group.label, summary: summaryOf(group.label, annotation) };
}
