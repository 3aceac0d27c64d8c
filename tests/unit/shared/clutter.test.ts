import { describe, expect, it } from 'vitest';
import { removeClutter } from '../../../src/shared/text/clutter';

/**
 * Where the story ends on a page saved as text. A "Read more" line can be a link inside the story, with
 * paragraphs after it: those paragraphs are the analyst's evidence and must never be cut as page furniture.
 */
describe('removeClutter: the end of the story', () => {
  const headline = 'Ukraine says 40 drones downed overnight';
  const lead = "Ukraine's air force said on Tuesday it shot down 40 of 58 drones launched by Russia overnight, with 12 more lost to electronic warfare.";
  const governor = 'The governor of Kharkiv Oblast, Oleh Syniehubov, said two civilians were killed and nine wounded in the attack on the city.';
  const ministry = "Russia's defence ministry said it had struck military targets only, and denied that any residential buildings had been hit.";

  it('keeps the paragraphs after a "Read more" link inside the story, dropping only the link line', () => {
    const text = `${headline}\n\n${lead}\n\nRead more\n\n${governor}\n\n${ministry}\n`;
    const cleaned = removeClutter(text);
    expect(cleaned.text).toBe(`${headline}\n\n${lead}\n\n${governor}\n\n${ministry}\n`);
    expect(cleaned.removed).toEqual([{ line: 5, text: 'Read more', reason: 'menu' }]);
  });

  it('keeps the story after "See also:" and "Related" links followed by prose, in CRLF text', () => {
    const text = `${headline}\r\n\r\n${lead}\r\nSee also:\r\n${governor}\r\nRelated\r\n${ministry}\r\n`;
    const cleaned = removeClutter(text);
    expect(cleaned.text).toBe(`${headline}\r\n\r\n${lead}\r\n${governor}\r\n${ministry}\r\n`);
    expect(cleaned.removed.map((r) => r.reason)).toEqual(['menu', 'menu']);
  });

  it('still cuts at "Read more:" followed by linked headlines, reporting every line it removes', () => {
    const text = `${headline}\n\n${lead}\n\nRead more:\nPutin, Trump to meet in the coming days\nKremlin says talks on prisoner swap continue\n`;
    const cleaned = removeClutter(text);
    expect(cleaned.text).toBe(`${headline}\n\n${lead}\n`);
    expect(cleaned.removed).toEqual([
      { line: 5, text: 'Read more:', reason: 'after the story' },
      { line: 6, text: 'Putin, Trump to meet in the coming days', reason: 'after the story' },
      { line: 7, text: 'Kremlin says talks on prisoner swap continue', reason: 'after the story' },
    ]);
  });

  it('still cuts at "Read more" followed by page menus, and at an appeal whatever follows it', () => {
    expect(removeClutter(`${headline}\n\n${lead}\n\nRead more\nNews Feed\nShow More\n`).text).toBe(`${headline}\n\n${lead}\n`);
    const appeal = `${headline}\n\n${lead}\n\nA Message from The Moscow Times:\nDear readers, we are facing unprecedented challenges and need your support to keep reporting.\n`;
    expect(removeClutter(appeal).text).toBe(`${headline}\n\n${lead}\n`);
  });

  it('does not take a short sentence after "Read more" for story text (a linked headline may end with a period)', () => {
    const text = `${headline}\n\n${lead}\n\nRead more\nTalks resume.\n`;
    expect(removeClutter(text).text).toBe(`${headline}\n\n${lead}\n`);
  });
});
