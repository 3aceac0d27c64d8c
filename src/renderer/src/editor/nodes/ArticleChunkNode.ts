import { $applyNodeReplacement, ElementNode, setDOMUnmanaged, type ElementDOMSlot, type LexicalEditor, type LexicalNode } from 'lexical';

/**
 * A run of consecutive lines of the stored text: the unit the editor draws
 * and redraws (issue 12). Its lines and their marks are built as HTML by the
 * content plugin (one parse per group of lines, not a Lexical node and a DOM
 * call per run of text), so the editor holds a node per few thousand
 * characters instead of one per run, and a key press redraws one group.
 *
 * Each line is a `div.article-block` carrying the offsets it shows in the
 * stored text (data-block-start/-end), so a point in the view maps back to
 * exactly one offset (see ../dom-offsets.ts). The lines are outside Lexical's
 * reach (marked unmanaged): it neither reads nor repairs them, and the
 * plugin redraws them when anything else touches them.
 */

/** Draws the lines of [start, end) as HTML; per editor, installed by the content plugin. */
export type ChunkRenderer = (start: number, end: number) => string;

const renderers = new WeakMap<LexicalEditor, ChunkRenderer>();
const elementRenderers = new WeakMap<HTMLElement, ChunkRenderer>();

export function setChunkRenderer(editor: LexicalEditor, renderer: ChunkRenderer | null): void {
  if (renderer) renderers.set(editor, renderer);
  else renderers.delete(editor);
}

/** Lexical keeps its own children (none) and its line break for empty elements here, out of sight. */
const SLOT_CLASS = 'article-chunk-slot';

function fill(element: HTMLElement, start: number, end: number, renderer: ChunkRenderer | undefined): void {
  const slot = element.firstElementChild as HTMLElement;
  element.replaceChildren(slot);
  if (!renderer) return;
  slot.insertAdjacentHTML('afterend', renderer(start, end));
  for (let line = slot.nextElementSibling; line; line = line.nextElementSibling) setDOMUnmanaged(line as HTMLElement);
}

/** Draws again only the lines of the group that [from, to) reaches into (a key press changes a line or two, not the group). */
function fillLines(element: HTMLElement, from: number, to: number, renderer: ChunkRenderer | undefined): void {
  if (!renderer) return;
  let first: HTMLElement | null = null;
  let last: HTMLElement | null = null;
  for (let line = element.firstElementChild?.nextElementSibling as HTMLElement | null; line; line = line.nextElementSibling as HTMLElement | null) {
    const start = Number(line.dataset.blockStart);
    if (start >= to && first) break;
    const next = line.nextElementSibling as HTMLElement | null;
    // A line owns its terminator: it reaches up to where the next line starts.
    const reach = next ? Number(next.dataset.blockStart) : Number(line.dataset.blockEnd) + 1;
    if (start < to && reach > from) {
      first ??= line;
      last = line;
    }
  }
  if (!first || !last) return;
  const after = last.nextElementSibling;
  const html = renderer(Number(first.dataset.blockStart), Number(last.dataset.blockEnd));
  for (let line: Element | null = first; line && line !== after;) {
    const next: Element | null = line.nextElementSibling;
    line.remove();
    line = next;
  }
  const anchor = after;
  if (anchor) anchor.insertAdjacentHTML('beforebegin', html);
  else element.insertAdjacentHTML('beforeend', html);
  for (
    let line = anchor ? anchor.previousElementSibling : element.lastElementChild;
    line && line !== element.firstElementChild;
    line = line.previousElementSibling
  ) {
    if ((line as LexicalUnmanaged).__lexicalUnmanaged) break;
    setDOMUnmanaged(line as HTMLElement);
  }
}

type LexicalUnmanaged = Element & { __lexicalUnmanaged?: boolean };

export class ArticleChunkNode extends ElementNode {
  /** Where the group's first line starts and its last line ends (before its terminator) in the stored text. */
  __start = 0;
  __end = 0;
  /** Lines (for the height estimate while the group is off screen). */
  __lines = 1;
  /** Changed to have the group drawn again (spans or filters changed there). */
  __version = 0;
  /** What this update asks to draw again: every line, or the lines a range of the text reaches into. */
  __dirty: 'all' | { from: number; to: number } | null = null;

  override $config() {
    return this.config('article-chunk', { extends: ElementNode });
  }

  override afterCloneFrom(prevNode: this): void {
    super.afterCloneFrom(prevNode);
    this.__start = prevNode.__start;
    this.__end = prevNode.__end;
    this.__lines = prevNode.__lines;
    this.__version = prevNode.__version;
    // A clone starts an update of its own: nothing asked to be drawn again yet.
    this.__dirty = null;
  }

  override createDOM(_config: unknown, editor?: LexicalEditor): HTMLElement {
    const element = document.createElement('div');
    element.className = 'article-chunk';
    element.dataset.chunkStart = String(this.__start);
    element.dataset.chunkEnd = String(this.__end);
    // Off-screen groups are neither laid out nor painted (content-visibility: auto); an estimate of
    // their height from their length keeps the scrollbar and scrolling steady.
    const rows = this.__lines + Math.ceil((this.__end - this.__start) / 88);
    element.style.containIntrinsicSize = `auto ${(rows * 1.85).toFixed(2)}em`;
    const slot = document.createElement('span');
    slot.className = SLOT_CLASS;
    slot.hidden = true;
    element.append(slot);
    const renderer = editor ? renderers.get(editor) : undefined;
    if (renderer) elementRenderers.set(element, renderer);
    fill(element, this.__start, this.__end, renderer);
    return element;
  }

  override updateDOM(prevNode: this, element: HTMLElement): boolean {
    if (prevNode.__start !== this.__start || prevNode.__end !== this.__end || prevNode.__lines !== this.__lines) return true;
    if (prevNode.__version === this.__version) return false;
    const dirty = this.__dirty;
    if (dirty === null || dirty === 'all') fill(element, this.__start, this.__end, elementRenderers.get(element));
    else fillLines(element, dirty.from, dirty.to, elementRenderers.get(element));
    return false;
  }

  override getDOMSlot(element: HTMLElement): ElementDOMSlot<HTMLElement> {
    return super.getDOMSlot(element).withElement(element.firstElementChild as HTMLElement);
  }

  override canBeEmpty(): boolean {
    return true;
  }

  /** Asks for the group to be drawn again (inside an update): all of it, or the lines [from, to) reaches into. */
  redraw(range?: { from: number; to: number }): void {
    const writable = this.getWritable();
    writable.__version++;
    const dirty = writable.__dirty;
    if (!range || dirty === 'all') writable.__dirty = 'all';
    else writable.__dirty = dirty === null ? { ...range } : { from: Math.min(dirty.from, range.from), to: Math.max(dirty.to, range.to) };
  }
}

export function $createArticleChunkNode(start: number, end: number, lines: number): ArticleChunkNode {
  const node = $applyNodeReplacement(new ArticleChunkNode());
  node.__start = start;
  node.__end = end;
  node.__lines = lines;
  return node;
}

export function $isArticleChunkNode(node: LexicalNode | null | undefined): node is ArticleChunkNode {
  return node instanceof ArticleChunkNode;
}
