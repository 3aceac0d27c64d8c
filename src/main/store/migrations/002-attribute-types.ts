/**
 * 002: attribute types for a day of real tagging, on databases seeded before them.
 * - Propaganda framing's technique becomes multi-choice (one phrase can carry several
 *   techniques). Values already stored stay exactly as stored: a single string reads as
 *   that one technique (see chosenOptions), and exports write it as a one-element array.
 * - Casualty figure gains "Counted" (key `unit`): per side, or a rate per day/week/month/year.
 * - Events get a `batch`: the changes made by one action (tag all occurrences) share it, so
 *   one undo takes them all back.
 * Only the default labels are touched, by their keys, and only where they still have the
 * shape that was seeded: a label the analyst reshaped is left as it is.
 */
export const sql = `
ALTER TABLE events ADD COLUMN batch TEXT;

UPDATE labels
SET attributes = (
  SELECT json_group_array(
    CASE WHEN json_extract(value, '$.key') = 'technique' AND json_extract(value, '$.type') = 'choice'
         THEN json_set(value, '$.type', 'multichoice')
         ELSE json(value) END)
  FROM (SELECT value FROM json_each(labels.attributes) ORDER BY key)
)
WHERE key = 'propaganda_framing';

UPDATE labels
SET attributes = json_insert(attributes, '$[#]', json('{"key":"unit","name":"Counted","type":"choice","options":["per side","per day","per week","per month","per year"],"help":"Per side (an exchange of N for N), or a rate (per week…); empty for a plain count."}'))
WHERE key = 'casualty_figure'
  AND EXISTS (SELECT 1 FROM json_each(labels.attributes) WHERE json_extract(value, '$.key') = 'value')
  AND NOT EXISTS (SELECT 1 FROM json_each(labels.attributes) WHERE json_extract(value, '$.key') = 'unit')
  AND NOT EXISTS (SELECT 1 FROM annotations WHERE label_id = labels.id AND json_extract(annotations.attributes, '$.unit') IS NOT NULL);
`;
