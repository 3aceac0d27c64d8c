/**
 * Reads a casualty figure out of a span's text: "2,500" -> 2500,
 * "twenty-three" -> 23, "1.5 million" -> 1500000, "between 10 and 20" ->
 * a range, "about 300" -> approximate. Also guesses the category from words
 * such as "killed" or "prisoners". The analyst can always edit the result.
 */

export interface CasualtyGuess {
  value?: number;
  min?: number;
  max?: number;
  approximate?: boolean;
  category?: string;
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };
const DIGIT_SCALES: Record<string, number> = { ...SCALES, k: 1_000, m: 1_000_000, mln: 1_000_000, bn: 1_000_000_000 };

const APPROX = /\b(about|around|approximately|roughly|nearly|almost|some|over|more than|up to|at least|estimated|an estimated|dozens|hundreds|thousands|tens of thousands)\b|~/i;

const CATEGORIES: [RegExp, string][] = [
  [/\b(exchang|swap|traded|for \d)/i, 'exchanged'],
  [/\b(killed|dead|deaths?|died|fatalit|lives)/i, 'killed'],
  [/\b(wounded|injur|hurt)/i, 'wounded'],
  [/\b(captur|prisoner|pows?\b|detain|taken captive)/i, 'captured/prisoners'],
  [/\bmissing\b/i, 'missing'],
];

/** Parses a run of number words: "two hundred and fifty thousand" -> 250000. */
function parseWords(tokens: string[]): number | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const raw of tokens) {
    const t = raw.toLowerCase();
    if (t === 'and' || t === 'a') continue;
    if (t in UNITS) current += UNITS[t]!;
    else if (t in TENS) current += TENS[t]!;
    else if (t in SCALES) {
      const scale = SCALES[t]!;
      if (current === 0) current = 1;
      if (scale === 100) current *= 100;
      else {
        total += current * scale;
        current = 0;
      }
    } else return undefined;
    seen = true;
  }
  return seen ? total + current : undefined;
}

/** All numbers in the text, in order of appearance. */
function numbersIn(text: string): number[] {
  const found: { at: number; value: number }[] = [];
  const digitSpans: [number, number][] = [];
  // Thousands separated by commas, spaces or (as in much of Europe and in Russian) dots: 2,500 / 2 500 / 2.500.
  const digits = /(\d{1,3}(?:[,\u00A0\u202F ]\d{3})+|\d{1,3}(?:\.\d{3})+(?![\d.,]?\d)|\d+(?:\.\d+)?)(?:\s*(million|thousand|hundred|billion|mln|bn|k|m)\b)?/gi;
  for (const m of text.matchAll(digits)) {
    const raw = m[1]!;
    const scale = m[2] ? DIGIT_SCALES[m[2].toLowerCase()]! : 1;
    digitSpans.push([m.index, m.index + m[0].length]);
    const dottedThousands = /^\d{1,3}(\.\d{3})+$/.test(raw) && !m[2];
    const base = Number(dottedThousands ? raw.replace(/\./g, '') : raw.replace(/[,\u00A0\u202F ]/g, ''));
    const value = base * scale;
    // A count of people is whole: "2.5" without a scale word is not guessed at.
    if (Number.isFinite(value) && Number.isInteger(value)) found.push({ at: m.index, value });
  }
  const wordRun = /\b((?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)(?:[\s-]+(?:and[\s-]+)?|\b))+)/gi;
  for (const m of text.matchAll(wordRun)) {
    // A scale word already read with its digits ("1.5 million") is not a second number.
    if (digitSpans.some(([from, to]) => m.index >= from && m.index < to)) continue;
    // "and" continues a number after a scale ("one hundred and fifty") but separates two numbers ("ten and twenty").
    let group: string[] = [];
    let groupAt = m.index;
    let previous = '';
    const flush = (): void => {
      const value = parseWords(group);
      if (value !== undefined) found.push({ at: groupAt, value });
      group = [];
    };
    for (const t of m[1]!.matchAll(/[a-z]+/gi)) {
      const word = t[0].toLowerCase();
      if (word === 'and' && !(previous in SCALES)) flush();
      else {
        if (group.length === 0) groupAt = m.index + t.index;
        group.push(word);
      }
      previous = word;
    }
    flush();
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.value);
}

export function parseCasualtyFigure(text: string): CasualtyGuess {
  const guess: CasualtyGuess = {};
  const numbers = numbersIn(text);
  const range = /\b(between\s+\S+(?:\s+\S+)?\s+and\s+|from\s+\S+\s+to\s+)|\d\s*(?:-|–|to)\s*\d/i.test(text);
  if (range && numbers.length >= 2 && numbers[0]! <= numbers[1]!) {
    guess.min = numbers[0]!;
    guess.max = numbers[1]!;
  } else if (numbers.length > 0) {
    guess.value = numbers[0]!;
  }
  if (APPROX.test(text)) guess.approximate = true;
  for (const [re, category] of CATEGORIES) {
    if (re.test(text)) {
      guess.category = category;
      break;
    }
  }
  return guess;
}

const POPULATIONS: [RegExp, string][] = [
  [/\b(soldiers?|troops?|servicem[ae]n|fighters?|combatants?|military|personnel|marines?|officers?|POWs?)\b/i, 'military'],
  [/\b(civilians?|residents?|children|women|people|inhabitants|workers?|journalists?)\b/i, 'civilian'],
];

/**
 * Reads what the words right after a figure say about it ("2,500 | soldiers
 * are reported missing"): analysts often tag only the number, so the
 * category and population come from the rest of the sentence.
 */
export function guessFromContext(quote: string, after: string): Pick<CasualtyGuess, 'category'> & { population?: string } {
  const sentence = after.split(/(?<=[.!?;])\s|\r?\n/u)[0]!.slice(0, 100);
  const text = `${quote} ${sentence}`;
  const out: { category?: string; population?: string } = {};
  for (const [re, category] of CATEGORIES) {
    if (re.test(text)) {
      out.category = category;
      break;
    }
  }
  for (const [re, population] of POPULATIONS) {
    if (re.test(text)) {
      out.population = population;
      break;
    }
  }
  return out;
}
