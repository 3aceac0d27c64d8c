import type { Db } from './database';
import { cached } from './statements';

/** The reserved annotator whose layer is the gold (adjudicated) set. */
export const GOLD = 'gold';

export type AnnotatorKind = 'person' | 'gold' | 'model';

export interface AnnotatorRow {
  id: number;
  name: string;
  kind: AnnotatorKind;
  createdAt: string;
}

/** The id of the annotator with this name, created on first use (the name `gold` is the gold layer). */
export function ensureAnnotator(db: Db, name: string, now: string, kind: AnnotatorKind = name === GOLD ? 'gold' : 'person'): number {
  const row = cached(db, 'SELECT id FROM annotators WHERE name = ?').get(name) as { id: number } | undefined;
  if (row) return row.id;
  return Number(cached(db, 'INSERT INTO annotators (name, kind, created_at) VALUES (?, ?, ?)').run(name, kind, now).lastInsertRowid);
}

export function findAnnotator(db: Db, name: string): AnnotatorRow | undefined {
  return cached(db, 'SELECT id, name, kind, created_at AS createdAt FROM annotators WHERE name = ?').get(name) as AnnotatorRow | undefined;
}

export function listAnnotators(db: Db): AnnotatorRow[] {
  return cached(db, "SELECT id, name, kind, created_at AS createdAt FROM annotators ORDER BY kind = 'gold', name COLLATE NOCASE").all() as AnnotatorRow[];
}

export function annotatorNameById(db: Db, id: number): string | undefined {
  return (cached(db, 'SELECT name FROM annotators WHERE id = ?').get(id) as { name: string } | undefined)?.name;
}
