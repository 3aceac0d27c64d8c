import type { LexicalEditor } from 'lexical';
import type { Annotation, Label } from '../../../shared/domain';

/** How a span's layer shows: the annotator's initials, a per-layer outline style, gold or not, in disagreement or not. */
export interface MarkLayer {
  annotator: string;
  initials: string;
  /** 0 for the layer being edited; 1, 2, … for the other layers shown beside it. */
  index: number;
  gold: boolean;
  disagreement: boolean;
}

/**
 * How a mark looks: a translucent fill per covering span, one underline lane
 * per span (so overlaps stay visible without relying on colour alone), and a
 * small label badge where a span begins. With several layers shown, spans of
 * other layers get an outline per layer (the label colour stays the label's),
 * the annotators' initials on hover, and a marker where layers disagree.
 * Each editor has its own lookup (two editors may be open side by side),
 * installed by its content plugin.
 */
export interface MarkLookup {
  annotation(id: string): Annotation | undefined;
  label(id: number): Label | undefined;
  lane(id: string): number;
  layer?(id: string): MarkLayer | undefined;
}

const lookups = new WeakMap<LexicalEditor, MarkLookup>();

export function setMarkLookup(editor: LexicalEditor, next: MarkLookup | null): void {
  if (next) lookups.set(editor, next);
  else lookups.delete(editor);
}

export function markLookupOf(editor: LexicalEditor | undefined): MarkLookup | undefined {
  return editor ? lookups.get(editor) : undefined;
}

const MAX_LAYER_STYLES = 4;

const LANE_HEIGHT = 3;
const MAX_LANES = 4;

export function labelInitials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0]!.slice(0, 2).replace(/^./u, (c) => c.toUpperCase());
  return words
    .slice(0, 3)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

const initialsCache = new Map<string, string>();
function initialsOf(name: string): string {
  let v = initialsCache.get(name);
  if (v === undefined) {
    v = labelInitials(name);
    initialsCache.set(name, v);
  }
  return v;
}

/** Text for HTML: the characters that would start markup, escaped. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/**
 * The opening tag of a mark over a run covered by `ids` (`starts`: those that begin there and get a label badge).
 * Single-span runs (most of them) get classes only, so Chromium shares one computed style between them; runs
 * under several spans get inline layers. Label colours come from the per-label rules written by labelStyleSheet().
 * Lines are drawn as HTML (one parse per line group instead of a DOM call per attribute), so a mark is a string.
 */
export function markOpenTag(ids: readonly string[], starts: readonly string[], lookup: MarkLookup): string {
  const names: string[] = [];
  const classes: string[] = [];
  let style = '';
  if (ids.length === 1) {
    const annotation = lookup.annotation(ids[0]!);
    const label = annotation && lookup.label(annotation.labelId);
    const lane = Math.min(lookup.lane(ids[0]!), MAX_LANES - 1);
    classes.push('span-mark', 'single', `l-${label?.id ?? 'none'}`, `lane-${lane}`);
    names.push(label?.name ?? 'Unknown label');
  } else {
    const fills: string[] = [];
    const lanes: string[] = [];
    const sizes: string[] = [];
    const positions: string[] = [];
    let deepest = 0;
    for (const id of ids) {
      const annotation = lookup.annotation(id);
      const label = annotation && lookup.label(annotation.labelId);
      const color = label?.color ?? '#888888';
      names.push(label?.name ?? 'Unknown label');
      const lane = Math.min(lookup.lane(id), MAX_LANES - 1);
      deepest = Math.max(deepest, lane);
      lanes.push(`linear-gradient(${color}, ${color})`);
      sizes.push('100% 2px');
      positions.push(`0 calc(100% - ${lane * LANE_HEIGHT}px)`);
      fills.push(`linear-gradient(${color}2e, ${color}2e)`);
    }
    for (let i = 0; i < fills.length; i++) {
      sizes.push('100% 100%');
      positions.push('0 0');
    }
    classes.push('span-mark', 'span-mark-overlap');
    style =
      `background-image: ${[...lanes, ...fills].join(', ')}; background-size: ${sizes.join(', ')}; ` +
      `background-position: ${positions.join(', ')}; padding-bottom: ${(deepest + 1) * LANE_HEIGHT}px;`;
  }
  let layerInitials = '';
  const layers = lookup.layer ? ids.map((id) => lookup.layer!(id)) : [];
  if (layers.some((l) => l !== undefined)) {
    const shown = layers.filter((l): l is MarkLayer => l !== undefined);
    const other = shown.filter((l) => l.index > 0);
    if (other.length) classes.push('by-other', `by-${Math.min(Math.max(...other.map((l) => l.index)), MAX_LAYER_STYLES - 1)}`);
    if (shown.some((l) => l.gold)) classes.push('by-gold');
    if (shown.some((l) => l.disagreement)) classes.push('disagreement');
    layerInitials = [...new Set(shown.map((l) => l.initials))].join(' ');
    ids.forEach((_, i) => {
      names[i] = `${names[i] ?? 'Unknown label'} (${layers[i]?.annotator ?? '?'})`;
    });
  }
  let tag = `<mark class="${classes.join(' ')}" data-ids="${escapeAttribute(ids.join(' '))}"`;
  if (style) tag += ` style="${escapeAttribute(style)}"`;
  if (layerInitials) tag += ` data-layers="${escapeAttribute(layerInitials)}"`;
  tag += ` aria-label="${escapeAttribute(names.length === 1 ? names[0]! : [...new Set(names)].join(' + '))}"`;
  if (starts.length) {
    const initials = starts
      .map((id) => {
        const a = lookup.annotation(id);
        const l = a && lookup.label(a.labelId);
        return l ? initialsOf(l.name) : '?';
      })
      .join('·');
    tag += ` data-initials="${escapeAttribute(initials)}"`;
  }
  return `${tag}>`;
}

/** Names the labels of the mark under the pointer (set on hover rather than on thousands of marks up front). */
export function titleOnHover(event: MouseEvent): void {
  const mark = (event.target as Element | null)?.closest?.('mark[data-ids]') as HTMLElement | null;
  if (mark && !mark.title) mark.title = mark.getAttribute('aria-label') ?? '';
}

/** CSS rules giving every label its colours (used by single-span runs and the legend). */
export function labelStyleSheet(labels: readonly Label[]): string {
  const rules = labels.map((l) => `.span-mark.l-${l.id} { --mark-color: ${l.color}; --mark-fill: ${l.color}2e; }`);
  for (let lane = 0; lane < MAX_LANES; lane++) {
    rules.push(`.span-mark.lane-${lane} { --lane-offset: ${lane * LANE_HEIGHT}px; padding-bottom: ${(lane + 1) * LANE_HEIGHT}px; }`);
  }
  return rules.join('\n');
}
