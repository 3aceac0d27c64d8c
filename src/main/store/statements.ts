import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/**
 * Prepared statements kept per connection. Compiling a statement costs far
 * more than running a small one: a bulk action (accept all unanimous,
 * an import) that prepared its few statements per row spent most of its
 * time compiling. Only for statements run to completion (get, all, run),
 * never left open in an iterate, and never switched to raw mode.
 */
const statements = new WeakMap<Db, Map<string, Statement>>();

export function cached(db: Db, sql: string): Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let statement = byDb.get(sql);
  if (!statement) byDb.set(sql, (statement = db.prepare(sql)));
  return statement;
}
