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
/** Runs under up to this many spans are drawn by class; deeper ones (rare) get an inline style. */
const MAX_SLOTS = 6;
const UNKNOWN_LABEL_COLOR = '#888888';

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

/** The layered background of a run under several spans as an inline style: a lane and a fill per span (what the `n-k` classes draw). */
export function overlapInlineStyle(ids: readonly string[], lookup: MarkLookup): string {
  const fills: string[] = [];
  const lanes: string[] = [];
  const sizes: string[] = [];
  const positions: string[] = [];
  let deepest = 0;
  for (const id of ids) {
    const annotation = lookup.annotation(id);
    const color = (annotation && lookup.label(annotation.labelId))?.color ?? UNKNOWN_LABEL_COLOR;
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
  return (
    `background-image: ${[...lanes, ...fills].join(', ')}; background-size: ${sizes.join(', ')}; ` +
    `background-position: ${positions.join(', ')}; padding-bottom: ${(deepest + 1) * LANE_HEIGHT}px;`
  );
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
  } else if (ids.length <= MAX_SLOTS) {
    // Classes only, as for single spans: the per-slot colour and lane rules of labelStyleSheet() fill the
    // layered background in. Two layers over one text make almost every run an overlap; an inline style
    // each (hundreds of characters, parsed per mark, never shared) tripled the markup and its styling.
    let deepest = 0;
    classes.push('span-mark', 'span-mark-overlap', `n-${ids.length}`);
    ids.forEach((id, i) => {
      const annotation = lookup.annotation(id);
      const label = annotation && lookup.label(annotation.labelId);
      names.push(label?.name ?? 'Unknown label');
      const lane = Math.min(lookup.lane(id), MAX_LANES - 1);
      deepest = Math.max(deepest, lane);
      classes.push(`c${i + 1}-${label?.id ?? 'none'}`, `o${i + 1}-${lane}`);
    });
    classes.push(`depth-${deepest}`);
  } else {
    for (const id of ids) {
      const annotation = lookup.annotation(id);
      names.push((annotation && lookup.label(annotation.labelId))?.name ?? 'Unknown label');
    }
    classes.push('span-mark', 'span-mark-overlap');
    style = overlapInlineStyle(ids, lookup);
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

/**
 * CSS rules giving every label its colours (used by single-span runs and the legend), and the rules that
 * draw a run under 2 to MAX_SLOTS spans from its classes: `n-k` lays out k underlines and k fills, `c<slot>-<label>`
 * colours a slot, `o<slot>-<lane>` lifts its underline to its lane, `depth-<lane>` makes room for the deepest.
 */
export function labelStyleSheet(labels: readonly Label[]): string {
  const rules = labels.map((l) => `.span-mark.l-${l.id} { --mark-color: ${l.color}; --mark-fill: ${l.color}2e; }`);
  for (let lane = 0; lane < MAX_LANES; lane++) {
    rules.push(`.span-mark.lane-${lane} { --lane-offset: ${lane * LANE_HEIGHT}px; padding-bottom: ${(lane + 1) * LANE_HEIGHT}px; }`);
    rules.push(`.span-mark.depth-${lane} { padding-bottom: ${(lane + 1) * LANE_HEIGHT}px; }`);
  }
  const colours: { id: string; color: string }[] = [...labels.map((l) => ({ id: String(l.id), color: l.color })), { id: 'none', color: UNKNOWN_LABEL_COLOR }];
  for (let slot = 1; slot <= MAX_SLOTS; slot++) {
    for (const { id, color } of colours) rules.push(`.span-mark.c${slot}-${id} { --c${slot}: ${color}; --f${slot}: ${color}2e; }`);
    for (let lane = 0; lane < MAX_LANES; lane++) rules.push(`.span-mark.o${slot}-${lane} { --o${slot}: ${lane * LANE_HEIGHT}px; }`);
  }
  for (let k = 2; k <= MAX_SLOTS; k++) {
    const slots = Array.from({ length: k }, (_, i) => i + 1);
    rules.push(
      `.span-mark.n-${k} { ` +
        `background-image: ${[...slots.map((i) => `linear-gradient(var(--c${i}), var(--c${i}))`), ...slots.map((i) => `linear-gradient(var(--f${i}), var(--f${i}))`)].join(', ')}; ` +
        `background-size: ${[...slots.map(() => '100% 2px'), ...slots.map(() => '100% 100%')].join(', ')}; ` +
        `background-position: ${[...slots.map((i) => `0 calc(100% - var(--o${i}))`), ...slots.map(() => '0 0')].join(', ')}; }`,
    );
  }
  return rules.join('\n');
}
