import { CONFIDENCES, type Annotation, type Confidence } from '../domain';

/**
 * What a gold span made by a review decision keeps of the analysts' spans
 * when the reviewer does not say otherwise. Used by the decision itself and
 * by the review form, which shows these values before the reviewer accepts.
 */

/**
 * The gold span's note when the reviewer gives none: the analysts' notes, kept
 * (one note when they all wrote the same, else each after its author's name).
 */
export function mergedNote(spans: readonly Pick<Annotation, 'annotator' | 'note'>[]): string {
  const written = spans.filter((s) => s.note.trim() !== '');
  const distinct = new Set(written.map((s) => s.note.trim()));
  if (distinct.size <= 1) return written[0]?.note.trim() ?? '';
  return written.map((s) => `${s.annotator}: ${s.note.trim()}`).join('\n');
}

/** The gold span's confidence when the reviewer gives none: the lowest any analyst stated (gold is no surer than its least sure source). */
export function mergedConfidence(spans: readonly Pick<Annotation, 'confidence'>[]): Confidence | null {
  const stated = spans.map((s) => s.confidence).filter((c): c is Confidence => c !== null);
  return stated.length ? stated.reduce((low, c) => (CONFIDENCES.indexOf(c) < CONFIDENCES.indexOf(low) ? c : low)) : null;
}
