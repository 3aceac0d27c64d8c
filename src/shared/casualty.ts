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
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };
const DIGIT_SCALES: Record<string, number> = { ...SCALES, k: 1_000, m: 1_000_000, mln: 1_000_000, bn: 1_000_000_000 };

const CATEGORIES: [RegExp, string][] = [
  [/\b(exchang\w*|swap\w*|traded)/i, 'exchanged'],
  [/\b(killed|dead|deaths?|died|fatalit\w*|lives)/i, 'killed'],
  [/\b(wounded|injur\w*|hurt)/i, 'wounded'],
  [/\b(captur\w*|prisoners?|pows?\b|detain\w*|taken captive)/i, 'captured/prisoners'],
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

interface FoundNumber {
  at: number;
  end: number;
  value: number;
}

/** All numbers in the text with where they stand, in order of appearance. */
function numbersWithPlaces(text: string): FoundNumber[] {
  const found: FoundNumber[] = [];
  const digitSpans: [number, number][] = [];
  // Thousands separated by commas, spaces or (as in much of Europe and in Russian) dots: 2,500 / 2 500 / 2.500.
  const digits =
    /(\d{1,3}(?:[,\u00A0\u202F ]\d{3})+(?!\d)|\d{1,3}(?:\.\d{3})+(?![\d.,]?\d)|\d+(?:\.\d+)?)(?:\s*(million|thousand|hundred|billion|mln|bn|k|m)\b)?/gi;
  for (const m of text.matchAll(digits)) {
    const raw = m[1]!;
    const scale = m[2] ? DIGIT_SCALES[m[2].toLowerCase()]! : 1;
    digitSpans.push([m.index, m.index + m[0].length]);
    const dottedThousands = /^\d{1,3}(\.\d{3})+$/.test(raw) && !m[2];
    const base = Number(dottedThousands ? raw.replace(/\./g, '') : raw.replace(/[,\u00A0\u202F ]/g, ''));
    const value = base * scale;
    // A count of people is whole: "2.5" without a scale word is not guessed at.
    if (Number.isFinite(value) && Number.isInteger(value)) found.push({ at: m.index, end: m.index + m[0].length, value });
  }
  const wordRun =
    /\b((?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)(?:[\s-]+(?:and[\s-]+)?|\b))+)/gi;
  for (const m of text.matchAll(wordRun)) {
    // A scale word already read with its digits ("1.5 million") is not a second number.
    if (digitSpans.some(([from, to]) => m.index >= from && m.index < to)) continue;
    // "and" continues a number after a scale ("one hundred and fifty") but separates two numbers ("ten and twenty").
    let group: string[] = [];
    let groupAt = m.index;
    let groupEnd = m.index;
    let previous = '';
    const flush = (): void => {
      const value = parseWords(group);
      if (value !== undefined) found.push({ at: groupAt, end: groupEnd, value });
      group = [];
    };
    for (const t of m[1]!.matchAll(/[a-z]+/gi)) {
      const word = t[0].toLowerCase();
      if (word === 'and' && !(previous in SCALES)) flush();
      else {
        if (group.length === 0) groupAt = m.index + t.index;
        group.push(word);
        groupEnd = m.index + t.index + t[0].length;
      }
      previous = word;
    }
    flush();
  }
  return found.sort((a, b) => a.at - b.at);
}

/** The fields of a casualty figure that the reader fills. */
export type CasualtyField = 'value' | 'min' | 'max' | 'approximate' | 'category' | 'population' | 'side' | 'unit';

/**
 * What the reader made of a casualty figure, said explicitly: the values, the
 * words each value came from (shown to the analyst on hover), and the reasons
 * to doubt that the span counts people at all.
 */
export interface CasualtyReading {
  values: Partial<Record<CasualtyField, string | number | boolean>>;
  evidence: Partial<Record<CasualtyField, string>>;
  warnings: string[];
}

const MONTHS =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*$/i;
const PERCENT_AFTER = /^\s*(?:%|per\s?cent\b|percent\b)/i;
const AREA_AFTER = /^\s*(?:square\s+(?:kilomet(?:er|re)s?|miles?|km)|sq\.?\s*(?:km|mi)|km2|km²|kilomet(?:er|re)s?|miles?|hectares?|acres?)\b/i;
/** Things counted that are not people. */
const NOT_PEOPLE =
  /^\s*(?:\S+\s+){0,2}?(drones?|missiles?|rockets?|shells?|tanks?|aircraft|planes?|helicopters?|vehicles?|weapons?|sanctions?|dollars?|euros?|rubles?|roubles?|tariffs?|days?|hours?|weeks?|months?|years?|regions?|villages?|towns?|settlements?)\b/i;
const TERRITORY = /\b(territory|land|area|ground)\b/i;

const POPULATION_WORDS: [RegExp, string][] = [
  [
    /\b(soldiers?|troops?|servicem[ae]n|servicewom[ae]n|fighters?|combatants?|military|personnel|marines?|officers?|POWs?|conscripts?|mercenar(?:y|ies)|militants?|army)\b/i,
    'military',
  ],
  [/\b(civilians?|residents?|children|inhabitants|non-combatants?|villagers|passers-by|pensioners|journalists?|medics?)\b/i, 'civilian'],
];
const SIDES: [RegExp, string][] = [
  [/\b(Ukrainian|Ukraine's)\b/i, 'Ukraine'],
  [/\b(Russian|Russia's)\b/i, 'Russia'],
  [/\b(American|U\.S\.|US)\b/, 'United States'],
];
const RATES: [RegExp, string][] = [
  [/\b(?:(?:per|each|every|a)\s+day|daily)\b(?!\s+ago)/i, 'per day'],
  [/\b(?:(?:per|each|every|a)\s+week|weekly)\b(?!\s+ago)/i, 'per week'],
  [/\b(?:(?:per|each|every|a)\s+month|monthly)\b(?!\s+ago)/i, 'per month'],
  [/\b(?:(?:per|each|every|a)\s+year|annually|yearly)\b(?!\s+ago)/i, 'per year'],
];
const APPROX_BEFORE =
  /\b(about|around|approximately|roughly|nearly|almost|some|(?<!\b(?:hand(?:ed|s)?|turn(?:ed|s)?|taken?|took|give[ns]?|gave)\s)over|more than|up to|at least|estimated|an estimated|close to|upwards of|as many as)\s*$|~\s*$/i;
const APPROX_WORDS = /\b(dozens|hundreds|thousands|tens of thousands|scores)(?:\s+of\b)?/i;

/** The last sentence of the text before a span and the first after it. */
function sentenceAround(before: string, after: string): { before: string; after: string } {
  const b = before.split(/(?<=[.!?])\s+(?=\S)|\r?\n/u).at(-1) ?? '';
  const a = after.split(/(?<=[.!?;])\s|\r?\n/u)[0] ?? '';
  return { before: b.slice(-200), after: a.slice(0, 200) };
}

/**
 * Reads a casualty figure from its span (`quote`) and the rest of its
 * sentence: "175 prisoners ... for 175 people" is 175 exchanged per side;
 * "23 seriously wounded Ukrainian servicemen" is 23, wounded, military,
 * Ukraine; "Each week brings 2,500 soldier deaths" is 2500 killed per week;
 * "nearly 20% of Ukraine's territory" is flagged as not a count of people.
 */
export function readCasualtyFigure(quote: string, before = '', after = ''): CasualtyReading {
  const around = sentenceAround(before, after);
  const window = `${around.before}${quote}${around.after}`;
  const quoteAt = around.before.length;
  const quoteEnd = quoteAt + quote.length;
  const reading: CasualtyReading = { values: {}, evidence: {}, warnings: [] };
  const set = (field: CasualtyField, value: string | number | boolean, words: string): void => {
    reading.values[field] = value;
    reading.evidence[field] = words.replace(/\s+/g, ' ').trim();
  };

  const all = numbersWithPlaces(window);
  const counted: FoundNumber[] = [];
  for (const n of all) {
    const rest = window.slice(n.end);
    const lead = window.slice(Math.max(0, n.at - 12), n.at);
    const inQuote = n.at >= quoteAt && n.end <= quoteEnd;
    if (/^[-–]?(?:day|hour|week|month|year)s?\b/i.test(rest) || /^:\d/.test(rest) || /\d[:.]$/.test(lead)) continue; // 30-day, 17:00
    if (MONTHS.test(lead) || (/\b(?:in|since|of|by)\s+$/i.test(lead) && n.value >= 1900 && n.value <= 2100)) continue; // dates, years
    if (PERCENT_AFTER.test(rest)) {
      if (inQuote) reading.warnings.push(`“${window.slice(n.at, n.end + PERCENT_AFTER.exec(rest)![0].length).trim()}” is a percentage, not a count of people`);
      continue;
    }
    if (AREA_AFTER.test(rest)) {
      if (inQuote) reading.warnings.push(`“${window.slice(n.at, n.end + AREA_AFTER.exec(rest)![0].length).trim()}” is an area, not a count of people`);
      continue;
    }
    const thing = NOT_PEOPLE.exec(rest);
    if (thing && !POPULATION_WORDS.some(([re]) => re.test(thing[0].slice(0, -thing[1]!.length)))) {
      if (inQuote) reading.warnings.push(`“${window.slice(n.at, n.end + thing[0].length).trim()}” counts ${thing[1]!.toLowerCase()}, not people`);
      continue;
    }
    counted.push(n);
  }
  const inQuote = counted.filter((n) => n.at >= quoteAt && n.end <= quoteEnd);
  if (inQuote.length === 0 && reading.warnings.length === 0 && TERRITORY.test(quote)) {
    reading.warnings.push(`“${quote.trim()}” speaks of territory, not of people`);
  }
  const first = inQuote[0];
  const sentence = window;
  if (first) {
    const firstWords = window.slice(first.at, first.end);
    // An exchange of N for N: N on each side.
    const sameAfter = counted.find((n) => n !== first && n.at > first.end && n.value === first.value);
    const between = sameAfter ? window.slice(first.end, sameAfter.at) : '';
    if (sameAfter && /\bfor\s*$/i.test(between)) {
      set('value', first.value, firstWords);
      set('category', 'exchanged', `${firstWords}${between}${window.slice(sameAfter.at, sameAfter.end)}`.replace(/^(\S+).*?(for\s+\S+)$/s, '$1 … $2'));
      set('unit', 'per side', `for ${window.slice(sameAfter.at, sameAfter.end)}`);
    } else {
      const second = inQuote[1];
      const gap = second ? window.slice(first.end, second.at) : '';
      const rangeBefore = /\b(between|from)\s+$/i.test(window.slice(Math.max(0, first.at - 9), first.at));
      const isRange =
        second !== undefined && first.value < second.value && (/^\s*(?:-|–|—|to)\s*$/i.test(gap) || (rangeBefore && /^\s*(?:and|to)\s*$/i.test(gap)));
      if (isRange) {
        set('min', first.value, firstWords);
        set('max', second.value, window.slice(second.at, second.end));
      } else {
        set('value', first.value, firstWords);
      }
    }
    const lead = window.slice(Math.max(0, first.at - 30), first.at);
    const approx = APPROX_BEFORE.exec(lead) ?? APPROX_WORDS.exec(quote);
    if (approx) set('approximate', true, approx[0]);
  } else if (APPROX_WORDS.test(quote)) {
    set('approximate', true, APPROX_WORDS.exec(quote)![0]);
  }
  // The noun phrase that the number counts: "2,500 | soldier deaths", "23 | seriously wounded Ukrainian servicemen".
  const last = reading.values.max !== undefined ? inQuote[1] : first;
  const phrase = last
    ? /^(?:[\s-]*(?:of\s+)?[\p{L}.'’-]+){0,5}/u
        .exec(window.slice(last.end))![0]
        .split(/\b(?:were|was|are|is|will|have|has|had|and|from|in|on|at|who|that|to)\b|,/)[0]!
    : quote;
  if (last || reading.warnings.length === 0) {
    for (const [re, population] of POPULATION_WORDS) {
      const m = re.exec(phrase) ?? re.exec(quote);
      if (m) {
        set('population', population, m[0]);
        break;
      }
    }
    for (const [re, side] of SIDES) {
      const m = re.exec(phrase);
      if (m) {
        set('side', side, m[0]);
        break;
      }
    }
  }
  if (reading.values.category === undefined) {
    for (const [re, category] of CATEGORIES) {
      const m = re.exec(quote) ?? re.exec(sentence);
      if (m) {
        set('category', category, m[0]);
        break;
      }
    }
  }
  if (reading.values.unit === undefined) {
    for (const [re, unit] of RATES) {
      const m = re.exec(sentence);
      if (m) {
        set('unit', unit, m[0]);
        break;
      }
    }
  }
  return reading;
}

/** The number, range, approximation and category that the span's own words give. */
export function parseCasualtyFigure(text: string): CasualtyGuess {
  const { values } = readCasualtyFigure(text);
  const guess: CasualtyGuess = {};
  if (typeof values.value === 'number') guess.value = values.value;
  if (typeof values.min === 'number') guess.min = values.min;
  if (typeof values.max === 'number') guess.max = values.max;
  if (values.approximate === true) guess.approximate = true;
  if (typeof values.category === 'string') guess.category = values.category;
  return guess;
}
