/**
 * 005: one order over the whole log. Events and review decisions are two
 * tables with their own sequence numbers; a decision now records the last
 * event written before it (`after_event`), so an export can interleave both
 * in the order they were written and `--since ID` can resume after any entry.
 * Decisions from before this migration are placed after the last event at or
 * before their time (an accept's gold span is created just before it).
 * Decisions also gain a batch: the decisions of one action (accept all
 * unanimous) share it and are undone together, as one step.
 */
export const sql = /* sql */ `
ALTER TABLE review_decisions ADD COLUMN after_event INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_decisions ADD COLUMN batch TEXT;
DROP TRIGGER review_decisions_append_only_update;
UPDATE review_decisions SET after_event = coalesce((SELECT max(e.seq) FROM events e WHERE e.at <= review_decisions.at), 0);
CREATE TRIGGER review_decisions_append_only_update BEFORE UPDATE ON review_decisions
BEGIN
  SELECT RAISE(ABORT, 'review decisions are append-only');
END;
`;
