/**
 * 006: the review outcome of each analyst's span, kept on the span. A live
 * reject marks it `rejected`; a live accept marks it `accepted` when gold
 * took it as it is (same label and boundaries), and leaves it unmarked when
 * the reviewer corrected it (gold holds the correction). Exports read a
 * span's status as its review outcome, else the status stored with it, so a
 * rejection reaches every format. The analyst's own fields, its updated_at
 * and the event log are untouched: this is the review's word, not an edit.
 * Kept by store/review appendDecision from here on; filled here from the
 * decisions already made (a decision is live unless a revoke targets it).
 */
export const sql = /* sql */ `
ALTER TABLE annotations ADD COLUMN review_status TEXT CHECK (review_status IN ('accepted', 'rejected'));
CREATE INDEX review_decisions_target ON review_decisions (target_id) WHERE target_id IS NOT NULL;
UPDATE annotations SET review_status = (
  SELECT CASE
           WHEN d.kind = 'reject' THEN 'rejected'
           WHEN d.label_id = annotations.label_id AND d.start = annotations.start AND d.end = annotations.end THEN 'accepted'
         END
  FROM review_decisions d JOIN json_each(d.span_ids) j
  WHERE d.article_id = annotations.article_id AND j.value = annotations.id AND d.kind IN ('accept', 'reject')
    AND NOT EXISTS (SELECT 1 FROM review_decisions r WHERE r.target_id = d.id AND r.kind = 'revoke')
  ORDER BY d.seq DESC LIMIT 1)
WHERE article_id IN (SELECT article_id FROM review_decisions);
`;
