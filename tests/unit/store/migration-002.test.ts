import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { configure, type Db } from '../../../src/main/store/database';
import { listAnnotations } from '../../../src/main/store/annotations';
import { listLabels } from '../../../src/main/store/labels';
import { MIGRATIONS, migrate } from '../../../src/main/store/migrations';
import { DEFAULT_LABELS } from '../../../src/shared/default-labels';

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** A database as version 1 of the app left it: labels seeded in their first shape, a technique stored as one string. */
function versionOneDatabase(): Db {
  const d = new Database(':memory:');
  configure(d);
  d.exec(MIGRATIONS[0]!.sql);
  d.pragma('user_version = 1');
  DEFAULT_LABELS.forEach((seed, position) => {
    const attributes = seed.attributes
      .filter((a) => a.key !== 'unit')
      .map((a) => (a.key === 'technique' ? { ...a, type: 'choice', help: 'The SemEval-2020 Task 11 technique class.' } : a));
    d.prepare('INSERT INTO labels (key, name, color, hotkey, position, attributes) VALUES (?, ?, ?, ?, ?, ?)').run(
      seed.key,
      seed.name,
      seed.color,
      seed.hotkey,
      position,
      JSON.stringify(attributes),
    );
  });
  d.prepare("INSERT INTO articles (id, title, text, text_length, sha256, imported_at) VALUES ('a1', 'T', 'the Kiev regime', 15, 'x', 'now')").run();
  d.prepare("INSERT INTO annotators (id, name, created_at) VALUES (1, 'ana', 'now')").run();
  const framing = (d.prepare("SELECT id FROM labels WHERE key = 'propaganda_framing'").get() as { id: number }).id;
  d.prepare(
    `INSERT INTO annotations (id, article_id, label_id, start, end, quote, annotator_id, attributes, created_at, updated_at)
     VALUES ('s1', 'a1', ?, 0, 15, 'the Kiev regime', 1, '{"technique":"Name_Calling,Labeling","target":"Kiev"}', 'now', 'now')`,
  ).run(framing);
  return d;
}

describe('migration 002: multi-choice technique and the Counted unit', () => {
  it('makes the technique multi-choice and adds Counted to the casualty figure, keeping every other definition as it was', () => {
    db = versionOneDatabase();
    const before = listLabels(db, true);
    migrate(db);
    const after = listLabels(db, true);
    const framing = after.find((l) => l.key === 'propaganda_framing')!;
    expect(framing.attributes.map((a) => [a.key, a.type])).toEqual([
      ['technique', 'multichoice'],
      ['target', 'text'],
    ]);
    expect(framing.attributes[0]!.options).toEqual(before.find((l) => l.key === 'propaganda_framing')!.attributes[0]!.options);
    const casualty = after.find((l) => l.key === 'casualty_figure')!;
    expect(casualty.attributes.map((a) => a.key)).toEqual([...before.find((l) => l.key === 'casualty_figure')!.attributes.map((a) => a.key), 'unit']);
    expect(casualty.attributes.at(-1)).toMatchObject({ key: 'unit', type: 'choice', options: ['per side', 'per day', 'per week', 'per month', 'per year'] });
    expect(after.find((l) => l.key === 'claim')).toEqual(before.find((l) => l.key === 'claim'));
  });

  it('leaves a stored single technique exactly as it was (it reads as that one technique)', () => {
    db = versionOneDatabase();
    migrate(db);
    expect(listAnnotations(db, 'a1')[0]!.attributes).toEqual({ technique: 'Name_Calling,Labeling', target: 'Kiev' });
  });

  it('leaves a reshaped casualty label alone when its spans already hold values under "unit"', () => {
    db = versionOneDatabase();
    const casualty = (db.prepare("SELECT id FROM labels WHERE key = 'casualty_figure'").get() as { id: number }).id;
    db.prepare(
      `INSERT INTO annotations (id, article_id, label_id, start, end, quote, annotator_id, attributes, created_at, updated_at)
       VALUES ('s2', 'a1', ?, 0, 3, 'the', 1, '{"unit":"soldiers"}', 'now', 'now')`,
    ).run(casualty);
    migrate(db);
    expect(
      listLabels(db, true)
        .find((l) => l.key === 'casualty_figure')!
        .attributes.some((a) => a.key === 'unit'),
    ).toBe(false);
  });
});
