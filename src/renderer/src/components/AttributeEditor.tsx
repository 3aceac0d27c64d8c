import type { JSX } from 'react';
import type { AttributeDef, AttributeType } from '../../../shared/domain';

/** One attribute definition as edited in a form. */
export interface DraftAttribute {
  /** The stored key of an existing attribute: kept when it is renamed, so stored values stay attached. */
  key?: string;
  name: string;
  type: AttributeType;
  /** Choice options, comma-separated. */
  options: string;
  base?: AttributeDef;
}

const TYPES: AttributeType[] = ['text', 'integer', 'boolean', 'choice', 'multichoice'];

/** Options are separated by a comma and a space (or a new line, or ;): a bare comma stays inside an option, as in the PTC name "Name_Calling,Labeling". */
export function splitOptions(text: string): string[] {
  return text
    .split(/\s*[\n;]\s*|,\s+/)
    .map((o) => o.trim().replace(/,$/, ''))
    .filter(Boolean);
}

function keyFromName(name: string): string {
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(key) ? key : `a_${key || 'attribute'}`;
}

export function toDrafts(defs: readonly AttributeDef[]): DraftAttribute[] {
  return defs.map((d) => ({ key: d.key, name: d.name, type: d.type, options: (d.options ?? []).join(', '), base: d }));
}

/**
 * Definitions from drafts: existing keys kept, new keys made from names and
 * never clashing with a key in the form or one the label had (`reserved`),
 * so values stored under a removed attribute never reattach to a new one.
 */
export function toDefs(drafts: readonly DraftAttribute[], reserved: readonly string[] = []): AttributeDef[] {
  const used = new Set([...reserved, ...drafts.flatMap((d) => (d.key ? [d.key] : []))]);
  return drafts
    .filter((d) => d.name.trim())
    .map((d) => {
      let key = d.key;
      if (!key) {
        const base = keyFromName(d.name);
        key = base;
        for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
        used.add(key);
      }
      const def: AttributeDef = { ...d.base, key, name: d.name.trim(), type: d.type };
      if (d.type === 'choice' || d.type === 'multichoice') def.options = splitOptions(d.options);
      else delete def.options;
      if (d.type === 'text' && def.suggest === undefined) def.suggest = true;
      if (d.type !== 'text') delete def.suggest;
      if (d.type !== 'integer') delete def.min;
      return def;
    });
}

/** Rows of attribute definitions: name, type, options for a choice; add and remove. */
export function AttributeEditor({ value, onChange }: { value: DraftAttribute[]; onChange: (next: DraftAttribute[]) => void }): JSX.Element {
  const set = (i: number, patch: Partial<DraftAttribute>): void => onChange(value.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <fieldset className="attribute-editor">
      <legend>Attributes</legend>
      {value.map((a, i) => (
        <div className="row" key={a.key ?? `new-${i}`}>
          <input aria-label="Attribute name" placeholder="Name" value={a.name} onChange={(e) => set(i, { name: e.target.value })} />
          <select aria-label="Attribute type" value={a.type} onChange={(e) => set(i, { type: e.target.value as AttributeType })}>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          {(a.type === 'choice' || a.type === 'multichoice') && (
            <input
              aria-label="Options, separated by commas"
              placeholder="option one, option two"
              value={a.options}
              onChange={(e) => set(i, { options: e.target.value })}
            />
          )}
          <button type="button" className="icon" aria-label={`Remove attribute ${a.name}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="button subtle" onClick={() => onChange([...value, { name: '', type: 'text', options: '' }])}>
        Add attribute
      </button>
    </fieldset>
  );
}
