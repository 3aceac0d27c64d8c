import { MarkNode } from '@lexical/mark';
import { $applyNodeReplacement, type EditorConfig, type LexicalEditor, type LexicalNode } from 'lexical';
import { decorateMark, markLookupOf } from '../mark-decoration';

/**
 * A run of text covered by one or more annotations. Like the playground's
 * MarkNode it holds only annotation ids; colours, lanes and label initials
 * are looked up in the annotation store when the DOM is created.
 */
export class AnnotationMarkNode extends MarkNode {
  /** Ids of the annotations that begin at this run (they get a label badge). */
  __starts: readonly string[] = [];

  override $config() {
    return this.config('annotation-mark', { extends: MarkNode });
  }

  override afterCloneFrom(prevNode: this): void {
    super.afterCloneFrom(prevNode);
    this.__starts = prevNode.__starts;
  }

  override createDOM(config: EditorConfig, editor?: LexicalEditor): HTMLElement {
    const element = super.createDOM(config);
    decorateMark(element, this.__ids, this.__starts, markLookupOf(editor));
    return element;
  }

  override updateDOM(prevNode: this, element: HTMLElement, config: EditorConfig): boolean {
    super.updateDOM(prevNode, element, config);
    if (prevNode.__ids !== this.__ids || prevNode.__starts !== this.__starts) decorateMark(element, this.__ids, this.__starts);
    return false;
  }
}

export function $createAnnotationMarkNode(ids: readonly string[], starts: readonly string[]): AnnotationMarkNode {
  const node = $applyNodeReplacement(new AnnotationMarkNode(ids));
  node.__starts = starts;
  return node;
}

export function $isAnnotationMarkNode(node: LexicalNode | null | undefined): node is AnnotationMarkNode {
  return node instanceof AnnotationMarkNode;
}
