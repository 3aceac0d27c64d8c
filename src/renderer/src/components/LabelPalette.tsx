import type { JSX } from 'react';
import type { Label } from '../../../shared/domain';

export interface LabelPaletteProps {
  labels: Label[];
  exact: boolean;
  onExact: (exact: boolean) => void;
  onPick: (label: Label) => void;
  onManage: () => void;
}

/** The labels with their keys; the description is the guideline, shown on hover. */
export function LabelPalette({ labels, exact, onExact, onPick, onManage }: LabelPaletteProps): JSX.Element {
  return (
    <div className="palette" role="toolbar" aria-label="Labels">
      {labels.map((label) => (
        <button
          key={label.id}
          type="button"
          className="label-chip"
          style={{ ['--label-color' as string]: label.color }}
          title={`${label.name}${label.hotkey ? ` (key ${label.hotkey})` : ''}\n${label.description}`}
          aria-keyshortcuts={label.hotkey ?? undefined}
          // Keep the text selection: a button press must not steal it.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(label)}
          data-label-key={label.key}
        >
          <span className="label-swatch" aria-hidden="true" />
          {label.name}
          {label.hotkey && <kbd>{label.hotkey}</kbd>}
        </button>
      ))}
      <label className="toggle" title="Keep the exact characters selected instead of snapping to whole words (or hold Alt while pressing the key)">
        <input type="checkbox" checked={exact} onChange={(e) => onExact(e.target.checked)} />
        Exact characters
      </label>
      <button type="button" className="button subtle" onClick={onManage}>
        Labels…
      </button>
    </div>
  );
}
