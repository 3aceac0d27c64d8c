import type { Db } from './database';

/** The id of the annotator with this name, created on first use. */
export function ensureAnnotator(db: Db, name: string, now: string): number {
  const row = db.prepare('SELECT id FROM annotators WHERE name = ?').get(name) as { id: number } | undefined;
  if (row) return row.id;
  return Number(db.prepare('INSERT INTO annotators (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid);
}
