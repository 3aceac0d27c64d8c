import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { configure, type Db } from '../../../src/main/store/database';
import { MIGRATIONS, migrate } from '../../../src/main/store/migrations';

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

const TEXT = 'The ministry claimed 12 soldiers died.';

/** A database as version 5 left it, with analysts' spans and the decisions made on them. */
function versionFiveDatabase(): Db {
  const d = new Database(':memory:');
  configure(d);
  for (const m of MIGRATIONS.filter((m) => m.version <= 5)) d.exec(m.sql);
  d.pragma('user_version = 5');
  d.prepare("INSERT INTO labels (id, key, name, color, position) VALUES (1, 'claim', 'Claim', '#000', 0), (2, 'other', 'Other', '#000', 1)").run();
  d.prepare(`INSERT INTO articles (id, title, text, text_length, sha256, imported_at) VALUES ('a1', 'T', ?, ${TEXT.length}, 'x', 'now')`).run(TEXT);
  d.prepare("INSERT INTO annotators (id, name, created_at) VALUES (1, 'ana', 'now'), (2, 'ben', 'now'), (3, 'rita', 'now')").run();
  const span = d.prepare(
    "INSERT INTO annotations (id, article_id, label_id, start, end, quote, annotator_id, status, created_at, updated_at) VALUES (?, 'a1', 1, ?, ?, ?, ?, ?, 'now', 'now')",
  );
  span.run('kept', 0, 20, TEXT.slice(0, 20), 1, 'proposed'); // accepted as it is
  span.run('fixed', 0, 12, TEXT.slice(0, 12), 2, 'proposed'); // accepted with other boundaries
  span.run('thrown', 21, 32, TEXT.slice(21, 32), 1, 'accepted'); // rejected, though imported as accepted
  span.run('undone', 21, 32, TEXT.slice(21, 32), 2, 'proposed'); // rejected, then the rejection undone
  span.run('merged', 33, 37, TEXT.slice(33, 37), 1, 'proposed'); // two machines' logs: rejected on one, accepted later on the other
  const decide = d.prepare(
    "INSERT INTO review_decisions (id, at, reviewer_id, kind, article_id, span_ids, label_id, start, end, target_id) VALUES (?, 'now', 3, ?, 'a1', ?, ?, ?, ?, ?)",
  );
  decide.run('d1', 'accept', '["kept","fixed"]', 1, 0, 20, null);
  decide.run('d2', 'reject', '["thrown"]', null, null, null, null);
  decide.run('d3', 'reject', '["undone"]', null, null, null, null);
  decide.run('d4', 'revoke', '["undone"]', null, null, null, 'd3');
  decide.run('d5', 'reject', '["merged"]', null, null, null, null);
  decide.run('d6', 'accept', '["merged"]', 1, 33, 37, null);
  decide.run('d7', 'reject', '["kept"]', null, null, null, null);
  decide.run('d8', 'revoke', '["kept"]', null, null, null, 'd7');
  return d;
}

describe('migration 006: rejections kept on the spans', () => {
  it('marks a span rejected only when the decision in force on it is a reject', () => {
    db = versionFiveDatabase();
    migrate(db);
    const rows = db.prepare('SELECT id, status, review_status FROM annotations ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'fixed', status: 'proposed', review_status: null },
      { id: 'kept', status: 'proposed', review_status: null },
      { id: 'merged', status: 'proposed', review_status: null },
      { id: 'thrown', status: 'accepted', review_status: 'rejected' },
      { id: 'undone', status: 'proposed', review_status: null },
    ]);
  });
});
