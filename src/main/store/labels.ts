import type { AttributeDef, Label } from '../../shared/domain';
import type { Db } from './database';
import { cached } from './statements';

interface LabelRow {
  id: number;
  key: string;
  name: string;
  color: string;
  hotkey: string | null;
  description: string;
  position: number;
  archived: number;
  attributes: string;
}

function toLabel(row: LabelRow): Label {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    color: row.color,
    hotkey: row.hotkey,
    description: row.description,
    position: row.position,
    archived: row.archived === 1,
    attributes: JSON.parse(row.attributes) as AttributeDef[],
  };
}

export function listLabels(db: Db, includeArchived = false): Label[] {
  const rows = cached(db, `SELECT * FROM labels ${includeArchived ? '' : 'WHERE archived = 0'} ORDER BY position, id`).all() as LabelRow[];
  return rows.map(toLabel);
}

export function getLabel(db: Db, id: number): Label | undefined {
  const row = cached(db, 'SELECT * FROM labels WHERE id = ?').get(id) as LabelRow | undefined;
  return row && toLabel(row);
}

export function findLabelByKey(db: Db, key: string): Label | undefined {
  const row = cached(db, 'SELECT * FROM labels WHERE key = ?').get(key) as LabelRow | undefined;
  return row && toLabel(row);
}

export function findLabelByHotkey(db: Db, hotkey: string): Label | undefined {
  const row = cached(db, 'SELECT * FROM labels WHERE hotkey = ? AND archived = 0').get(hotkey) as LabelRow | undefined;
  return row && toLabel(row);
}

export interface NewLabel {
  key: string;
  name: string;
  color: string;
  hotkey: string | null;
  description: string;
  attributes: AttributeDef[];
}

export function insertLabel(db: Db, label: NewLabel): number {
  const position = (cached(db, 'SELECT coalesce(max(position), -1) + 1 AS p FROM labels').get() as { p: number }).p;
  const info = cached(
    db,
    `INSERT INTO labels (key, name, color, hotkey, description, position, attributes)
       VALUES (@key, @name, @color, @hotkey, @description, @position, @attributes)`,
  ).run({ ...label, position, attributes: JSON.stringify(label.attributes) });
  return Number(info.lastInsertRowid);
}

export function updateLabel(db: Db, label: Label): void {
  cached(
    db,
    `UPDATE labels SET name = @name, color = @color, hotkey = @hotkey, description = @description,
       position = @position, archived = @archived, attributes = @attributes WHERE id = @id`,
  ).run({ ...label, archived: label.archived ? 1 : 0, attributes: JSON.stringify(label.attributes) });
}

export function setLabelPosition(db: Db, id: number, position: number): void {
  cached(db, 'UPDATE labels SET position = ? WHERE id = ?').run(position, id);
}

export function countLabels(db: Db): number {
  return (cached(db, 'SELECT count(*) AS n FROM labels').get() as { n: number }).n;
}
