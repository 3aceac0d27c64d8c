import { $applyNodeReplacement, ElementNode, type LexicalNode } from 'lexical';

/**
 * One line of the stored text (the text between two line terminators). It
 * knows its place in the stored text, so a point in the view maps back to
 * exactly one offset; the terminator itself is not displayed.
 */
export class ArticleBlockNode extends ElementNode {
  __start = 0;
  __end = 0;

  override $config() {
    return this.config('article-block', { extends: ElementNode });
  }

  override afterCloneFrom(prevNode: this): void {
    super.afterCloneFrom(prevNode);
    this.__start = prevNode.__start;
    this.__end = prevNode.__end;
  }

  override createDOM(): HTMLElement {
    const element = document.createElement('div');
    element.className = 'article-block';
    element.dataset.blockStart = String(this.__start);
    element.dataset.blockEnd = String(this.__end);
    // Off-screen lines are skipped by layout (content-visibility: auto); an estimate of
    // their height from their length keeps the scrollbar and scrolling steady.
    const lines = Math.max(1, Math.ceil((this.__end - this.__start) / 88));
    element.style.containIntrinsicSize = `auto ${(lines * 1.85).toFixed(2)}em`;
    return element;
  }

  override updateDOM(prevNode: this, element: HTMLElement): boolean {
    if (prevNode.__start !== this.__start) element.dataset.blockStart = String(this.__start);
    if (prevNode.__end !== this.__end) element.dataset.blockEnd = String(this.__end);
    return false;
  }

  override canBeEmpty(): boolean {
    return true;
  }
}

export function $createArticleBlockNode(start: number, end: number): ArticleBlockNode {
  const node = $applyNodeReplacement(new ArticleBlockNode());
  node.__start = start;
  node.__end = end;
  return node;
}

export function $isArticleBlockNode(node: LexicalNode | null | undefined): node is ArticleBlockNode {
  return node instanceof ArticleBlockNode;
}
