import type { TextBlock } from './blocks';

export interface SpanRef {
  id: string;
  start: number;
  end: number;
}

/** A run of text inside one block covered by the same set of spans (possibly none). */
export interface Segment {
  start: number;
  end: number;
  /** Ids of the spans covering the run, ordered by span start then length (outer first). */
  ids: string[];
  /** Ids of spans that begin at this segment's start. */
  starts: string[];
}

function compareSpans(a: SpanRef, b: SpanRef): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Cuts every block into flat segments: overlapping spans never nest, a
 * segment simply lists every span that covers it. Runs in O(text blocks +
 * spans log spans); zero-length and out-of-range parts are ignored.
 */
export function segmentBlocks(
  blocks: readonly TextBlock[],
  spans: readonly SpanRef[],
  /** End of the line before `blocks[0]`, when segmenting a part of the text (badges depend on it). */
  previousLineEnd = 0,
): Segment[][] {
  const sorted = spans.filter((s) => s.end > s.start).sort(compareSpans);
  // Boundaries: every start and end, sorted.
  const points = new Set<number>();
  for (const s of sorted) {
    points.add(s.start);
    points.add(s.end);
  }
  const cuts = [...points].sort((a, b) => a - b);
  const result: Segment[][] = [];
  /** The spans covering `pos`, in `sorted` order (activated in that order; removal keeps it). */
  const active: SpanRef[] = [];
  let next = 0; // next span in `sorted` to activate
  let cut = 0; // next boundary in `cuts`

  let previousEnd = previousLineEnd;
  for (const block of blocks) {
    const segments: Segment[] = [];
    let pos = block.start;
    // A span that begins on the line terminator before this block shows its badge here.
    const beganBefore = (s: SpanRef): boolean => pos === block.start && s.start >= previousEnd && s.start < block.start;
    while (pos < block.end) {
      // Activate spans starting at or before pos; drop those ending at or before pos.
      while (next < sorted.length && sorted[next]!.start <= pos) active.push(sorted[next++]!);
      for (let i = active.length - 1; i >= 0; i--) if (active[i]!.end <= pos) active.splice(i, 1);
      while (cut < cuts.length && cuts[cut]! <= pos) cut++;
      const stop = Math.min(block.end, cut < cuts.length ? cuts[cut]! : block.end);
      const ids: string[] = [];
      const starts: string[] = [];
      for (const s of active) {
        ids.push(s.id);
        if (s.start === pos || beganBefore(s)) starts.push(s.id);
      }
      segments.push({ start: pos, end: stop, ids, starts });
      pos = stop;
    }
    result.push(segments);
    previousEnd = block.end;
    // Spans that end inside the terminator are dropped on the next block's first pass.
  }
  return result;
}

/**
 * Gives every span a lane (0, 1, 2, …) so that overlapping spans never share
 * one: the view draws one underline per lane, which keeps overlaps visible
 * without relying on colour alone. Greedy interval colouring, outer spans first.
 */
export function assignLanes(spans: readonly SpanRef[]): Map<string, number> {
  // Callers usually pass spans in text order already (the editor's store keeps them so): no copy, no sort.
  let inOrder = true;
  for (let i = 1; i < spans.length && inOrder; i++) inOrder = compareSpans(spans[i - 1]!, spans[i]!) <= 0;
  const sorted = inOrder ? spans : [...spans].sort(compareSpans);
  const laneEnds: number[] = [];
  const lanes = new Map<string, number>();
  for (const s of sorted) {
    let lane = 0;
    while (lane < laneEnds.length && laneEnds[lane]! > s.start) lane++;
    laneEnds[lane] = s.end;
    lanes.set(s.id, lane);
  }
  return lanes;
}

/**
 * Incremental lanes, for redrawing part of a text: spans that already have a
 * lane keep it, unless `touched` (moved or new); every other span gets the
 * lowest lane no overlapping span with a lane uses. Updates `lanes` in place
 * and returns it. After assignLanes and any number of such updates over the
 * spans around each change, overlapping spans still never share a lane.
 */
export function giveLanes(lanes: Map<string, number>, spans: readonly SpanRef[], touched: ReadonlySet<string> = new Set()): Map<string, number> {
  for (const span of spans) {
    if (lanes.has(span.id) && !touched.has(span.id)) continue;
    const used = new Set<number>();
    for (const other of spans) {
      if (other.id !== span.id && other.start < span.end && span.start < other.end && lanes.has(other.id)) used.add(lanes.get(other.id)!);
    }
    let lane = 0;
    while (used.has(lane)) lane++;
    lanes.set(span.id, lane);
  }
  return lanes;
}
