import { validateAttributes } from '../../shared/attributes';
import type { Label } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import type { MethodInput } from '../../shared/schemas';
import * as annotationsStore from '../store/annotations';
import * as labelsStore from '../store/labels';
import { writeTransaction, type ServiceContext } from './context';
import { checkAttributeDefs, notFound, parse } from './validation';

function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return slug || 'label';
}

export function listLabels(ctx: ServiceContext, input: MethodInput<'listLabels'>): Label[] {
  const { includeArchived } = parse('listLabels', input);
  return labelsStore.listLabels(ctx.db, includeArchived ?? false);
}

export function createLabel(ctx: ServiceContext, input: MethodInput<'createLabel'>): Label {
  const v = parse('createLabel', input);
  return writeTransaction(ctx, () => {
    checkHotkeyFree(ctx, v.hotkey ?? null, undefined);
    let key = slugify(v.name);
    for (let n = 2; labelsStore.findLabelByKey(ctx.db, key); n++) key = `${slugify(v.name)}_${n}`;
    checkAttributeDefs(v.attributes ?? []);
    const id = labelsStore.insertLabel(ctx.db, {
      key,
      name: v.name,
      color: v.color.toLowerCase(),
      hotkey: v.hotkey ?? null,
      description: v.description ?? '',
      attributes: v.attributes ?? [],
    });
    return labelsStore.getLabel(ctx.db, id)!;
  });
}

export function updateLabel(ctx: ServiceContext, input: MethodInput<'updateLabel'>): Label {
  const v = parse('updateLabel', input);
  return writeTransaction(ctx, () => {
    const label = labelsStore.getLabel(ctx.db, v.id);
    if (!label) throw notFound('label', String(v.id));
    const next: Label = {
      ...label,
      name: v.name ?? label.name,
      color: v.color?.toLowerCase() ?? label.color,
      hotkey: v.hotkey !== undefined ? v.hotkey : label.hotkey,
      description: v.description ?? label.description,
      archived: v.archived ?? label.archived,
      attributes: v.attributes ?? label.attributes,
    };
    if (!next.archived) checkHotkeyFree(ctx, next.hotkey, label.id);
    checkAttributeDefs(next.attributes);
    if (v.attributes) checkStoredValuesFit(ctx, label, next.attributes);
    labelsStore.updateLabel(ctx.db, next);
    return labelsStore.getLabel(ctx.db, v.id)!;
  });
}

export function reorderLabels(ctx: ServiceContext, input: MethodInput<'reorderLabels'>): Label[] {
  const { ids } = parse('reorderLabels', input);
  return writeTransaction(ctx, () => {
    const all = labelsStore.listLabels(ctx.db, true);
    const known = new Set(all.map((l) => l.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new WorkbenchError('not_found', `no label with id ${unknown.join(', ')}`, { ids: unknown });
    if (new Set(ids).size !== ids.length) throw new WorkbenchError('invalid_input', 'a label is listed twice', { ids });
    // Listed labels first, in the given order; the rest keep their relative order after them.
    const rest = all.filter((l) => !ids.includes(l.id)).map((l) => l.id);
    [...ids, ...rest].forEach((id, position) => labelsStore.setLabelPosition(ctx.db, id, position));
    return labelsStore.listLabels(ctx.db, true);
  });
}

export function requireLabel(ctx: ServiceContext, id: number): Label {
  const label = labelsStore.getLabel(ctx.db, id);
  if (!label) throw notFound('label', String(id));
  return label;
}

/**
 * A schema change never silently rewrites spans: a new attribute may not take the key of
 * values stored under an attribute removed earlier, and a changed definition must still
 * accept every value stored under it.
 */
function checkStoredValuesFit(ctx: ServiceContext, label: Label, defs: readonly Label['attributes'][number][]): void {
  const before = new Set(label.attributes.map((d) => d.key));
  const spans = annotationsStore.listAnnotationsOfLabel(ctx.db, label.id);
  for (const def of defs) {
    const stored = spans.filter((a) => a.attributes[def.key] !== undefined);
    if (stored.length === 0) continue;
    if (!before.has(def.key)) {
      throw new WorkbenchError(
        'conflict',
        `${stored.length} span(s) still hold values under the key “${def.key}” from an attribute removed earlier; give “${def.name}” another name`,
        { key: def.key, spans: stored.length },
      );
    }
    const misfits = stored.filter((a) => validateAttributes([def], { [def.key]: a.attributes[def.key]! }).length > 0);
    if (misfits.length) {
      throw new WorkbenchError(
        'conflict',
        `${misfits.length} span(s) hold values that “${def.name}” would no longer accept (e.g. “${String(misfits[0]!.attributes[def.key])}”); change those spans first`,
        { key: def.key, spans: misfits.length },
      );
    }
  }
}

function checkHotkeyFree(ctx: ServiceContext, hotkey: string | null, selfId: number | undefined): void {
  if (!hotkey) return;
  const holder = labelsStore.findLabelByHotkey(ctx.db, hotkey);
  if (holder && holder.id !== selfId) {
    throw new WorkbenchError('conflict', `key ${hotkey} already belongs to label “${holder.name}”`, {
      hotkey,
      labelId: holder.id,
    });
  }
}
