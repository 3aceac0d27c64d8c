import { z } from 'zod';
import { ANNOTATION_STATUSES, CONFIDENCES } from './domain';
import { isWellFormed } from './schemas';

/**
 * The event log as a file another machine can apply (the later team hub):
 * JSONL, a header line, then one entry a line in the order the source wrote
 * them. Articles are named by the SHA-256 of their text, labels by key,
 * annotators by name, every event and decision by its global id. Nothing is
 * lost: a log applied into a database holding the same articles and labels
 * gives the same spans, events and decisions.
 */

export const EVENT_LOG_FORMAT = 'analyst-workbench-events';
export const EVENT_LOG_VERSION = 1;

const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => isWellFormed(v) && !v.includes('\0'), 'must be valid Unicode text without NUL characters');
const name = text(100).refine((v) => v.trim() !== '', 'a name is required');
const globalId = text(200).refine((v) => v !== '', 'an id is required');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'an article is named by the SHA-256 of its text (64 hex digits)');
const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/, 'a time is an ISO 8601 UTC timestamp');
const offset = z.int().min(0);
const attributeValue = z.union([text(100000), z.number(), z.boolean(), z.array(text(200))]);

const portableState = z.strictObject({
  label: text(100).refine((v) => v !== '', 'a label key is required'),
  start: offset,
  end: offset,
  quote: text(10_000_000),
  note: text(100_000),
  confidence: z.enum(CONFIDENCES as [string, ...string[]]).nullable(),
  attributes: z.record(text(100), attributeValue),
  status: z.enum(ANNOTATION_STATUSES as [string, ...string[]]),
});

const portableEvent = z.strictObject({
  type: z.literal('event'),
  id: globalId,
  at: timestamp,
  /** Who acted. */
  actor: name,
  actorKind: z.enum(['person', 'gold', 'model']),
  /** Whose layer the span is in. */
  layer: name,
  kind: z.enum(['create', 'update', 'delete', 'undo', 'redo', 'import']),
  article: sha256,
  annotationId: globalId,
  /** An undo or redo: the event it undoes or redoes. */
  targetId: globalId.nullable(),
  before: portableState.nullable(),
  after: portableState.nullable(),
});

const portableDecision = z.strictObject({
  type: z.literal('decision'),
  id: globalId,
  at: timestamp,
  reviewer: name,
  kind: z.enum(['accept', 'reject', 'comment', 'revoke']),
  article: sha256,
  spanIds: z.array(globalId).max(1000),
  goldId: globalId.nullable(),
  goldCreated: z.boolean(),
  label: text(100).nullable(),
  start: offset.nullable(),
  end: offset.nullable(),
  reason: text(4000),
  comment: text(20000),
  targetId: globalId.nullable(),
  /** Shared by the decisions of one action (accept all unanimous), undone together. */
  batch: globalId.nullable(),
});

const header = z.strictObject({ format: z.literal(EVENT_LOG_FORMAT), version: z.literal(EVENT_LOG_VERSION) });

export type PortableState = z.infer<typeof portableState>;
export type PortableEvent = z.infer<typeof portableEvent>;
export type PortableDecision = z.infer<typeof portableDecision>;
export type LogEntry = PortableEvent | PortableDecision;

export const eventLogHeaderLine = (): string => JSON.stringify({ format: EVENT_LOG_FORMAT, version: EVENT_LOG_VERSION });
export const eventLogLine = (entry: LogEntry): string => JSON.stringify(entry);

/** The log as one text: the header, then one line per entry, each ending in a newline. */
export function serialiseEventLog(entries: Iterable<LogEntry>): string {
  const lines = [eventLogHeaderLine()];
  for (const e of entries) lines.push(eventLogLine(e));
  return `${lines.join('\n')}\n`;
}

export interface EventLogProblem {
  /** 1-based line of the file. */
  line: number;
  /** The entry's id, when the line got that far. */
  id: string | null;
  message: string;
}

/** Parses a whole log; the first bad line is returned as a problem and nothing else. */
export function parseEventLog(content: string): { entries: LogEntry[]; lines: number[] } | { problem: EventLogProblem } {
  const raw = content.replace(/^\uFEFF/, '').split('\n');
  const entries: LogEntry[] = [];
  const lines: number[] = [];
  let sawHeader = false;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return { problem: { line: i + 1, id: null, message: `not JSON (${(error as Error).message})` } };
    }
    if (!sawHeader) {
      if (!header.safeParse(value).success) {
        return {
          problem: { line: i + 1, id: null, message: `not a workbench event log: the first line must be ${eventLogHeaderLine()}` },
        };
      }
      sawHeader = true;
      continue;
    }
    const id = typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id : null;
    const type = (value as { type?: unknown })?.type;
    const schema = type === 'decision' ? portableDecision : type === 'event' ? portableEvent : null;
    if (!schema) return { problem: { line: i + 1, id, message: 'an entry has "type": "event" or "decision"' } };
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { problem: { line: i + 1, id, message: `${issue.path.map(String).join('.') || '(entry)'}: ${issue.message}` } };
    }
    entries.push(parsed.data as LogEntry);
    lines.push(i + 1);
  }
  if (!sawHeader) return { problem: { line: 1, id: null, message: 'the file is empty, not a workbench event log' } };
  return { entries, lines };
}

/** What exportEventLog returns: the log file's text and what it holds. */
export interface EventLogExport {
  content: string;
  events: number;
  decisions: number;
  /** The id of the last entry (give it as `since` next time), or null when there was nothing new. */
  last: string | null;
}

export interface EventLogApplyResult {
  /** Events and decisions new here, now applied. */
  events: number;
  decisions: number;
  /** Entries this database already had (applying a log twice changes nothing). */
  alreadyHere: number;
}
