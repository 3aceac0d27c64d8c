/**
 * 006: a rejection in review, kept on the rejected span. Exports write a
 * span's status as `rejected` while a live reject decision stands on it,
 * else the status stored with it, so a rejection reaches every format (an
 * accept needs no mark: gold holds what was accepted). The analyst's own
 * fields, its updated_at and the event log are untouched: this is the
 * review's word, not an edit. Kept by store/review appendDecision from here
 * on; filled here from the decisions already made: a span's latest accept or
 * reject that no revoke targets is the one in force.
 */
export const sql = /* sql */ `
ALTER TABLE annotations ADD COLUMN review_status TEXT CHECK (review_status IN ('rejected'));
CREATE INDEX review_decisions_target ON review_decisions (target_id) WHERE target_id IS NOT NULL;
UPDATE annotations SET review_status = 'rejected'
FROM (
  SELECT j.value AS span_id, d.kind AS kind, max(d.seq) AS seq
  FROM review_decisions d, json_each(d.span_ids) j
  WHERE d.kind IN ('accept', 'reject')
    AND NOT EXISTS (SELECT 1 FROM review_decisions r WHERE r.target_id = d.id AND r.kind = 'revoke')
  GROUP BY j.value
) latest
WHERE annotations.id = latest.span_id AND latest.kind = 'reject';
`;
