/**
 * The top-level elements of a JSON array, as text, from the array's text
 * given in pieces of any size: a Label Studio export is one array of
 * thousands of tasks, and reading it this way holds one task at a time
 * instead of the whole file and every parsed task.
 *
 * Only the array's structure is read here (brackets, braces, strings and
 * their escapes, commas); each element is left for JSON.parse, whose error
 * then names the element. Text before the opening bracket other than
 * whitespace or a byte-order mark, text after the closing one, an empty
 * element (`[1,,2]`) and an array not closed by the end are errors.
 */
export class JsonArrayElements {
  private state: 'before' | 'between' | 'element' | 'after' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Pieces of the element being read (an element can span many pieces of input). */
  private parts: string[] = [];
  /** Characters read so far, for error positions. */
  private offset = 0;
  /** True after a comma until the next element starts: `[1,]` is not JSON. */
  private expectElement = false;

  /** Reads the next piece of text; returns the elements it completed, in order. */
  push(text: string): string[] {
    const out: string[] = [];
    let from = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.state === 'element') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) this.inString = false;
          continue;
        }
        if (c === 0x22) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth++;
        else if ((c === 0x7d || c === 0x5d) && this.depth > 0) this.depth--;
        else if (this.depth === 0 && (c === 0x2c || c === 0x5d)) {
          this.parts.push(text.slice(from === -1 ? 0 : from, i));
          out.push(this.parts.join('').trim());
          this.parts = [];
          from = -1;
          this.state = c === 0x2c ? 'between' : 'after';
          this.expectElement = c === 0x2c;
        }
        continue;
      }
      if (isJsonSpace(c) || (c === 0xfeff && this.state === 'before' && this.offset + i === 0)) continue;
      if (this.state === 'before') {
        if (c !== 0x5b) throw this.error(`expected a JSON array (“[”), found “${text[i]}”`, i);
        this.state = 'between';
      } else if (this.state === 'between') {
        if (c === 0x5d) {
          if (this.expectElement) throw this.error('a comma before the closing “]” (an empty element)', i);
          this.state = 'after';
        } else if (c === 0x2c) {
          throw this.error('an empty element (two commas, or a comma first)', i);
        } else {
          this.state = 'element';
          this.expectElement = false;
          from = i;
          i--;
        }
      } else {
        throw this.error(`text after the array's closing “]”: “${text[i]}”`, i);
      }
    }
    if (this.state === 'element') this.parts.push(text.slice(from === -1 ? 0 : from));
    this.offset += text.length;
    return out;
  }

  /** The input is over: an array not started or not closed is an error. */
  end(): void {
    if (this.state === 'before') throw new Error('the file is empty: expected a JSON array');
    if (this.state !== 'after') throw new Error(`the JSON array is not closed: the file ends inside it (after ${this.offset} characters)`);
  }

  private error(message: string, at: number): Error {
    return new Error(`${message} at character ${this.offset + at + 1}`);
  }
}

/** JSON's whitespace: space, tab, line feed, carriage return. */
function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
