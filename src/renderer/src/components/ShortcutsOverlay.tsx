import type { JSX } from 'react';
import { Dialog } from './Dialog';

const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

export const SHORTCUTS: [string, string][] = [
  ['1 – 9', 'Tag the selected text with that label (snapped to whole words); with a span selected, relabel it'],
  ['Alt + 1 – 9', 'Tag the exact characters selected'],
  ['Shift + arrows', 'Select text from the keyboard (click in the text first to place the caret)'],
  ['j / k', 'Next / previous span'],
  ['Delete or Backspace', 'Delete the selected span (nothing stays selected: j / k go on from there)'],
  ['] / [', 'Grow / shrink the end of the selected span by a word (Alt: by a character)'],
  ['{ / }', 'Grow / shrink the start of the selected span by a word (Alt: by a character)'],
  ['e', 'Edit the selected span’s details: the first attribute still to fill gets the focus'],
  ['a', 'Accept the speaker and cue suggested from the sentence'],
  ['t', 'Tag every other occurrence of the span’s text alike (listed first; Enter confirms; one undo)'],
  ['c', 'Copy attributes from the previous span of this label into the empty fields'],
  ['Escape', 'Deselect; in a details field, leave it keeping what is saved'],
  ['↑ / ↓, Enter', 'In the article list: move, and open with the focus in the text'],
  [`${mod} + Z`, 'Undo'],
  [`${mod} + Shift + Z`, 'Redo'],
  ['/', 'Search articles'],
  ['?', 'Show this list'],
];

export function ShortcutsOverlay({ onClose }: { onClose: () => void }): JSX.Element {
  return (
    <Dialog title="Keyboard shortcuts" titleId="shortcuts-title" onClose={onClose} closeKeys={['?']}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </Dialog>
  );
}
