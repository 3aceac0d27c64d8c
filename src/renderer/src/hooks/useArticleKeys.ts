import { useEffect, useEffectEvent } from 'react';
import type { Label } from '../../../shared/domain';
import type { AnnotationStore } from '../state/annotation-store';
import type { ArticleController } from '../state/article-controller';

export interface ArticleKeysOptions {
  store: AnnotationStore;
  controller: ArticleController;
  labels: Label[];
  /** Tags the current text selection; false when there is none. */
  tagSelection: (label: Label, exact: boolean) => boolean;
  selectSpan: (id: string | null, scroll?: boolean) => void;
  focusDetails: () => void;
  showShortcuts: () => void;
  /** Fills the selected span's empty speaker and cue from the sentence's proposal. */
  acceptProposal: () => void;
  /** Lists every other occurrence of the selected span's text, to tag them alike. */
  tagAll: () => void;
  /** Fills the selected span's empty attributes from the previous span of its label. */
  copyPrevious: () => void;
  enabled: boolean;
}

/**
 * The shortcut a key press stands for. Latin layouts give it in `e.key`;
 * where a layout types another script (Cyrillic, say) the physical key
 * (`e.code`) decides, so j, k, e, [ and ] work without switching layouts.
 */
export function keyName(e: KeyboardEvent): string {
  if (e.key.length !== 1 || /^[\x20-\x7e]$/.test(e.key)) return e.key;
  switch (e.code) {
    case 'KeyJ':
      return 'j';
    case 'KeyK':
      return 'k';
    case 'KeyE':
      return 'e';
    case 'KeyA':
      return 'a';
    case 'KeyT':
      return 't';
    case 'KeyC':
      return 'c';
    case 'KeyZ':
      return 'z';
    case 'KeyY':
      return 'y';
    case 'BracketRight':
      return e.shiftKey ? '}' : ']';
    case 'BracketLeft':
      return e.shiftKey ? '{' : '[';
    case 'Slash':
      return e.shiftKey ? '?' : '/';
    default:
      return e.key;
  }
}

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.closest) return false;
  return Boolean(el.closest('input, textarea, select, [role="dialog"], [role="menu"]'));
}

/** The article's keyboard: tag, navigate, relabel, resize, delete, undo. See SHORTCUTS. */
export function useArticleKeys(options: ArticleKeysOptions): void {
  const onKey = useEffectEvent((e: KeyboardEvent): void => {
    const o = options;
    if (!o.enabled) return;
    const mod = e.metaKey || e.ctrlKey;
    // Lexical marks Ctrl/Cmd+Z as handled in the text even without a history of its own,
    // so undo and redo are taken before the defaultPrevented check.
    // The letter the layout types (QWERTZ, AZERTY...), or the physical key where it types another script.
    const letter = keyName(e).toLowerCase();
    if (mod && (letter === 'z' || letter === 'y')) {
      if (typingInField(e.target)) return; // native undo inside fields
      e.preventDefault();
      if (letter === 'y' || e.shiftKey) o.controller.redo();
      else o.controller.undo();
      return;
    }
    if (e.defaultPrevented || mod || typingInField(e.target)) return;

    const digit = /^(Digit|Numpad)([1-9])$/.exec(e.code)?.[2];
    if (digit) {
      const label = o.labels.find((l) => l.hotkey === digit);
      if (!label) return;
      e.preventDefault();
      if (o.tagSelection(label, e.altKey)) return;
      if (o.store.selected) o.controller.relabel(o.store.selected, label);
      return;
    }

    const selected = o.store.selected;
    const key = keyName(e);
    switch (key) {
      case 'j':
      case 'k': {
        e.preventDefault();
        const spans = o.store.visible();
        if (spans.length === 0) return;
        let at = selected ? spans.findIndex((a) => a.id === selected) : -1;
        const removedAt = o.controller.removedAt;
        if (!selected && removedAt !== null) {
          // After a Delete: continue from where the deleted span was.
          const after = spans.findIndex((a) => a.start >= removedAt);
          at = key === 'j' ? (after === -1 ? spans.length : after) - 1 : after === -1 ? spans.length : after;
        }
        const next = key === 'j' ? (at + 1) % spans.length : at <= 0 ? spans.length - 1 : at - 1;
        o.selectSpan(spans[next]!.id, true);
        return;
      }
      case 'Delete':
      case 'Backspace':
        if (selected) {
          e.preventDefault();
          o.controller.remove(selected);
        }
        return;
      case ']':
      case '[':
      case '{':
      case '}':
        if (selected) {
          e.preventDefault();
          const unit = e.altKey ? 'char' : 'word';
          if (key === ']') o.controller.resize(selected, 'end', 'grow', unit);
          if (key === '[') o.controller.resize(selected, 'end', 'shrink', unit);
          if (key === '{') o.controller.resize(selected, 'start', 'grow', unit);
          if (key === '}') o.controller.resize(selected, 'start', 'shrink', unit);
        }
        return;
      case 'e':
        if (selected) {
          e.preventDefault();
          o.focusDetails();
        }
        return;
      case 'a':
      case 't':
      case 'c':
        if (selected) {
          e.preventDefault();
          if (key === 'a') o.acceptProposal();
          if (key === 't') o.tagAll();
          if (key === 'c') o.copyPrevious();
        }
        return;
      case 'Escape':
        o.selectSpan(null);
        window.getSelection()?.removeAllRanges();
        return;
      case '?':
        e.preventDefault();
        o.showShortcuts();
        return;
    }
  });

  useEffect(() => {
    const listener = (e: KeyboardEvent): void => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
