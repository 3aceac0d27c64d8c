import { validateAttributes } from '../../shared/attributes';
import type { Attributes, Label } from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import { splitsSurrogatePair } from '../../shared/offsets';
import { describeIssues, findForbiddenKey, inputSchemas, type MethodName, type ParsedInput } from '../../shared/schemas';

/** Validates a method's input against its schema; a bad call gets `invalid_input` naming each problem. */
export function parse<M extends MethodName>(method: M, input: unknown): ParsedInput<M> {
  const forbidden = findForbiddenKey(input);
  if (forbidden) {
    throw new WorkbenchError('invalid_input', `${forbidden.path}: the key “${forbidden.key}” is not allowed (choose another name)`, [
      { path: forbidden.path, message: `the key “${forbidden.key}” is not allowed` },
    ]);
  }
  const schema = inputSchemas[method];
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const { message, details } = describeIssues(result.error.issues);
    throw new WorkbenchError('invalid_input', message, details);
  }
  return result.data as ParsedInput<M>;
}

export function notFound(kind: string, id: string): WorkbenchError {
  return new WorkbenchError('not_found', `no ${kind} with id ${id}`, { kind, id });
}

export function throwNotFound(kind: string, id: string): never {
  throw notFound(kind, id);
}

export function checkRange(text: string, start: number, end: number): void {
  if (end <= start) {
    throw new WorkbenchError('invalid_input', `a span must end after it starts (start ${start}, end ${end})`, { start, end });
  }
  if (end > text.length) {
    throw new WorkbenchError('invalid_input', `span ${start}-${end} runs past the end of the article (length ${text.length})`, {
      start,
      end,
      length: text.length,
    });
  }
  for (const offset of [start, end]) {
    if (splitsSurrogatePair(text, offset)) {
      throw new WorkbenchError('invalid_input', `offset ${offset} falls inside a character (between the halves of a surrogate pair)`, {
        offset,
      });
    }
  }
}

export function checkAttributes(label: Label, attributes: Attributes, previous: Attributes | null): void {
  // Values unchanged since they were stored are not re-judged: a later schema change must not block other edits.
  const changed = previous ? Object.fromEntries(Object.entries(attributes).filter(([k, v]) => JSON.stringify(previous[k]) !== JSON.stringify(v))) : attributes;
  const problems = validateAttributes(label.attributes, changed);
  if (problems.length) {
    throw new WorkbenchError('invalid_input', problems.map((p) => p.message).join('; '), { attributes: problems });
  }
}

export function checkAttributeDefs(defs: readonly Label['attributes'][number][]): void {
  const keys = new Set<string>();
  for (const def of defs) {
    if (keys.has(def.key)) throw new WorkbenchError('invalid_input', `attribute key “${def.key}” is defined twice`);
    keys.add(def.key);
    if ((def.type === 'choice' || def.type === 'multichoice') && !(def.options && def.options.length)) {
      throw new WorkbenchError('invalid_input', `attribute “${def.name}” is a choice and needs at least one option`);
    }
  }
}

export function shortQuote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}
