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

const ATTRIBUTE_SPECIALS = /[&<>"]/;
function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIALS.test(value)) return value;
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
  // One pass over the ids: with two layers shown, every run of the article is drawn through here (issue 9 item 8).
  const deep = ids.length > 1 && ids.length <= MAX_SLOTS;
  const labelNames: string[] = [];
  const annotators: (string | undefined)[] = [];
  let classes = '';
  let deepest = 0;
  let layered = false;
  let otherIndex = 0;
  let gold = false;
  let disagreement = false;
  const initials: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const annotation = lookup.annotation(id);
    const label = annotation && lookup.label(annotation.labelId);
    labelNames.push(label?.name ?? 'Unknown label');
    if (ids.length === 1) {
      classes = `span-mark single l-${label?.id ?? 'none'} lane-${Math.min(lookup.lane(id), MAX_LANES - 1)}`;
    } else if (deep) {
      // Classes only, as for single spans: the per-slot colour and lane rules of labelStyleSheet() fill the
      // layered background in. Two layers over one text make almost every run an overlap; an inline style
      // each (hundreds of characters, parsed per mark, never shared) tripled the markup and its styling.
      const lane = Math.min(lookup.lane(id), MAX_LANES - 1);
      deepest = Math.max(deepest, lane);
      classes += ` c${i + 1}-${label?.id ?? 'none'} o${i + 1}-${lane}`;
    }
    const layer = lookup.layer?.(id);
    annotators.push(layer?.annotator);
    if (!layer) continue;
    layered = true;
    otherIndex = Math.max(otherIndex, layer.index);
    gold ||= layer.gold;
    disagreement ||= layer.disagreement;
    if (!initials.includes(layer.initials)) initials.push(layer.initials);
  }
  let style = '';
  if (deep) classes = `span-mark span-mark-overlap n-${ids.length}${classes} depth-${deepest}`;
  else if (ids.length > 1) {
    classes = 'span-mark span-mark-overlap';
    style = overlapInlineStyle(ids, lookup);
  }
  if (otherIndex > 0) classes += ` by-other by-${Math.min(otherIndex, MAX_LAYER_STYLES - 1)}`;
  if (gold) classes += ' by-gold';
  if (disagreement) classes += ' disagreement';
  // Each label once, with its annotator when layers are shown.
  let name = '';
  const named: string[] = [];
  for (let i = 0; i < labelNames.length; i++) {
    const one = layered ? `${labelNames[i]} (${annotators[i] ?? '?'})` : labelNames[i]!;
    if (named.includes(one)) continue;
    named.push(one);
    name = name ? `${name} + ${one}` : one;
  }
  let tag = `<mark class="${classes}" data-ids="${escapeAttribute(ids.join(' '))}"`;
  if (style) tag += ` style="${escapeAttribute(style)}"`;
  if (initials.length) tag += ` data-layers="${escapeAttribute(initials.join(' '))}"`;
  tag += ` aria-label="${escapeAttribute(name)}"`;
  if (starts.length) {
    let badge = '';
    for (let i = 0; i < starts.length; i++) {
      const a = lookup.annotation(starts[i]!);
      const l = a && lookup.label(a.labelId);
      badge += `${i ? '·' : ''}${l ? initialsOf(l.name) : '?'}`;
    }
    tag += ` data-initials="${escapeAttribute(badge)}"`;
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
