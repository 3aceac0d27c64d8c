import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonArrayElements } from '../../../src/shared/text/json-array-elements';

/** Every element of `text`, fed in pieces cut at the given points. */
function elements(text: string, cuts: number[] = []): string[] {
  const reader = new JsonArrayElements();
  const out: string[] = [];
  let from = 0;
  for (const cut of [...cuts.map((c) => Math.min(c, text.length))].sort((a, b) => a - b)) {
    out.push(...reader.push(text.slice(from, cut)));
    from = cut;
  }
  out.push(...reader.push(text.slice(from)));
  reader.end();
  return out;
}

describe('JsonArrayElements', () => {
  it('splits an array into its elements, strings with brackets, commas and escaped quotes included', () => {
    expect(elements('[1, "a,]b", {"x": [1, 2], "y": "\\"}"}, [], null]')).toEqual(['1', '"a,]b"', '{"x": [1, 2], "y": "\\"}"}', '[]', 'null']);
    expect(elements('\uFEFF\n[\n  {"id": 1},\n  {"id": 2}\n]\n')).toEqual(['{"id": 1}', '{"id": 2}']);
    expect(elements('[]')).toEqual([]);
    expect(elements(' [ ] ')).toEqual([]);
  });

  it('gives the same elements whatever the pieces the text comes in', () => {
    const text = '[{"data": {"text": "a \\\\ b \\" c"}}, {"annotations": [{"result": []}]}]';
    for (let cut = 0; cut <= text.length; cut++) expect(elements(text, [cut])).toEqual(elements(text));
  });

  it('names what is wrong with text that is not one JSON array, and where', () => {
    expect(() => elements('{"id": 1}')).toThrow('expected a JSON array (“[”), found “{” at character 1');
    expect(() => elements('[1,,2]')).toThrow('an empty element (two commas, or a comma first) at character 4');
    expect(() => elements('[,1]')).toThrow('an empty element');
    expect(() => elements('[1, 2,]')).toThrow('a comma before the closing “]” (an empty element) at character 7');
    expect(() => elements('[1] x')).toThrow("text after the array's closing “]”: “x” at character 5");
    expect(() => elements('[{"a": "]"}, {"b": 1}')).toThrow('the JSON array is not closed');
    expect(() => elements('')).toThrow('the file is empty');
  });

  it('reads back every element of any array JSON.stringify writes, cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }),
        fc.constantFrom(undefined, 2, '\t'),
        fc.array(fc.nat(), { maxLength: 5 }),
        (values, indent, cuts) => {
          const text = JSON.stringify(values, null, indent);
          const canonical = JSON.parse(JSON.stringify(values)) as unknown[];
          expect(elements(text, cuts).map((e) => JSON.parse(e) as unknown)).toEqual(canonical);
        },
      ),
      { numRuns: 500 },
    );
  });
});
