/**
 * Proposes who makes a claim, and the words that say so, from the sentence
 * around it: "Ushakov said", "Putin noted", "according to two officials",
 * "the Kremlin said in a statement", "Trump wrote on Truth Social", and a
 * quotation continued by "he added" from the paragraph's earlier attribution.
 * A proposal is only ever offered to the analyst, never filled silently.
 */

export interface ClaimSourceProposal {
  /** Who asserts it, e.g. "Yuri Ushakov", "Kremlin", "two sources familiar with the situation". */
  source: string;
  /** The reporting verb or phrase: "said", "wrote on Truth Social", "according to". */
  cue: string;
  /** The words the proposal was read from, as they stand in the text. */
  evidence: string;
  /** Where those words stand (string offsets into the text). */
  at: number;
  /** Set when the source was a pronoun ("he added") resolved to an earlier attribution. */
  resolvedFrom?: string;
}

const VERBS =
  'said|says|say|noted|notes|added|adds|remarked|wrote|writes|told|tells|stated|states|claimed|claims|argued|argues|announced|declared|' +
  'emphasized|emphasised|stressed|insisted|warned|explained|confirmed|denied|indicated|mentioned|reported|informed|pointed out|' +
  'believes|suggested|acknowledged|asserted|alleged|admitted|predicted|promised|tweeted|posted';
const PREPOSITION_CUE =
  /^\s+(in a (?:statement|post|video|interview|briefing)|on (?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)/u;
const PRONOUNS = /^(he|she|they|it|we|i)$/i;
const LEADING_NOISE = /^(?:(?:and|but|while|whereas|meanwhile|however|also|then|as|earlier|later|now|on \w+(?: \d+)?)\s+)+/i;
const NAME_RUN = /(?:[A-Z][\p{L}'’.-]*\s+){0,3}[A-Z][\p{L}'’-]+$/u;
const TITLES =
  /^(?:(?:U\.S\.|US|Russian|Ukrainian|American|Foreign|Defen[cs]e|Prime|Deputy|Vice|Special|Former|Chief|Senior|State|Department|President|Minister|Chancellor|Secretary|Envoy|Aide|Adviser|Advisor|Spokes(?:man|woman|person)|General|Senator|Governor|Mayor|Ambassador|Analyst|Expert)\s+)+/u;
const INSTITUTIONS = /\b(?:Ministry|House|Office|Department|Council|Forces?|Staff|Service|Committee|Parliament|Duma|Kremlin|Pentagon|Army|Navy)$/u;
/** Words that end a noun phrase when reading back from a verb. */
const BOUNDARY = /[,;:.!?"“”«»()—–]|\b(?:that|which|who|when|after|before|because|while|and|but)\b/giu;

interface Attribution {
  source: string;
  cue: string;
  at: number;
  end: number;
  raw: string;
}

/** The speaker phrase as analysts write it: the name when there is one ("Putin's aide Yuri Ushakov" -> "Yuri Ushakov"), else the phrase less "the". */
function cleanSource(phrase: string): string {
  let p = phrase.replace(/\s+/g, ' ').trim().replace(LEADING_NOISE, '');
  const name = NAME_RUN.exec(p);
  // A run of two or more capitalised words at the end is a name ("Yuri Ushakov", "White House").
  if (name && /\s/.test(name[0].trim()) && !/^(?:the|a|an)\s/i.test(name[0])) p = name[0];
  else if (name && name.index > 0 && /^(?:[a-z]+\s+)*[a-z]+\s+$/.test(p.slice(0, name.index)) && !/^the\s/i.test(p)) p = name[0]; // "former analyst Johnson"
  // Titles in front of a name: "Aide Ushakov", "Foreign Minister Peter Szijjarto", "U.S. President Donald Trump".
  const titled = TITLES.exec(p);
  if (titled && /^[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)*$/u.test(p.slice(titled[0].length)) && !INSTITUTIONS.test(p)) p = p.slice(titled[0].length);
  return p
    .replace(/^(?:the|a|an)\s+/i, '')
    .replace(/[’']s$/, '')
    .replace(/(?<![A-Z])\.$/, '')
    .trim();
}

/** Every attribution clause in the text: "<speaker> <verb>", "<verb> <speaker>" after a quote, "according to <speaker>". */
function attributionsIn(text: string): Attribution[] {
  const found: Attribution[] = [];
  const verbRe = new RegExp(`\\b(${VERBS})\\b`, 'g');
  for (const m of text.matchAll(verbRe)) {
    const verbAt = m.index;
    const verbEnd = verbAt + m[0].length;
    const prep = PREPOSITION_CUE.exec(text.slice(verbEnd));
    const cue = `${m[0]}${prep ? ` ${prep[1]}` : ''}`;
    // Inverted, right after a quotation: `…," said Tigran Meloyan, an analyst` / `, says former CIA analyst Larry Johnson.`
    const lead = text.slice(Math.max(0, verbAt - 3), verbAt);
    if (/[,"”]\s$/.test(lead) || (/^\s*$/.test(text.slice(Math.max(0, verbAt - 1), verbAt)) && /[,"”]\s*$/.test(lead))) {
      const after = /^\s+((?:[\p{L}.'’-]+\s+){0,5}?[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)*)/u.exec(text.slice(verbEnd));
      if (after && /[A-Z]/.test(after[1]!) && !/^(?:that|on|in|to)\b/i.test(after[1]!)) {
        const source = cleanSource(after[1]!);
        found.push({ source, cue: m[0], at: verbAt, end: verbEnd + after[0].length, raw: `${m[0]}${after[0]}` });
        continue;
      }
    }
    // "<speaker> <verb>": the noun phrase back to the previous boundary.
    const back = text.slice(Math.max(0, verbAt - 120), verbAt);
    let from = 0;
    for (const b of back.matchAll(BOUNDARY)) from = b.index + b[0].length;
    let phrase = back.slice(from);
    // "as Meloyan noted": the "as" stays out.
    phrase = phrase.replace(/^\s*as\s+/i, '');
    // Auxiliaries between speaker and verb: "Putin has said", "officials have claimed".
    phrase = phrase.replace(/\s+(?:has|have|had|also|previously|earlier|again|repeatedly|reportedly|later)\s*$/i, ' ');
    const words = phrase.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      // An apposition: "The country's Foreign Minister, Peter Szijjarto, said…"
      const apposition = /,\s*((?:[A-Z][\p{L}'’.-]*\s+){0,3}[A-Z][\p{L}'’-]+),\s*$/u.exec(back);
      if (apposition) {
        const start = verbAt - (back.length - apposition.index) + apposition[0].indexOf(apposition[1]!);
        const end = verbEnd + (prep ? prep[0].length : 0);
        found.push({ source: cleanSource(apposition[1]!), cue, at: start, end, raw: text.slice(start, end) });
      }
      continue;
    }
    if (words.length > 9) continue;
    const source = cleanSource(phrase);
    if (!source || /^(?:it|this|that|which)$/i.test(source)) continue;
    // A speaker is a name, an institution or a person noun, not a verb or a number.
    if (
      !/[A-Z]/.test(source) &&
      !PRONOUNS.test(source) &&
      !/\b(officials?|sources?|authorities|spokes(?:man|woman|person)|president|minister|ministry|aide|expert|analyst|envoy|diplomats?|leaders?|government|army|military|governor|mayor|representatives?)\b/i.test(
        source,
      )
    ) {
      continue;
    }
    const start = verbAt - (back.length - from) + (back.slice(from).length - back.slice(from).trimStart().length);
    found.push({ source, cue, at: start, end: verbEnd + (prep ? prep[0].length : 0), raw: text.slice(start, verbEnd + (prep ? prep[0].length : 0)) });
  }
  for (const m of text.matchAll(/\baccording to\s+((?:[\p{L}\p{N}.'’-]+\s*){1,8}?)(?=[,.;:!?"”)]|$|\s+(?:on|in|at|who|that|which)\b)/gu)) {
    const source = cleanSource(m[1]!);
    if (!source || /^(?:the\s+)?(?:formula|plan|report|data|figures?|reports|media reports)$/i.test(source)) continue;
    found.push({ source, cue: 'according to', at: m.index, end: m.index + m[0].length, raw: m[0].trim() });
  }
  return found.sort((a, b) => a.at - b.at);
}

/** Bounds of the sentence around [start, end): from the previous full stop (or line) to the next. */
function sentenceBounds(text: string, start: number, end: number): { from: number; to: number } {
  let from = start;
  while (from > 0 && !/[\n]/.test(text[from - 1]!) && !(/[.!?]/.test(text[from - 2] ?? '') && /\s/.test(text[from - 1]!) && /[A-Z"“«]/.test(text[from] ?? '')))
    from--;
  let to = end;
  while (to < text.length && text[to] !== '\n' && !(/[.!?]/.test(text[to]!) && /\s|$/.test(text[to + 1] ?? ''))) to++;
  // A closing quotation mark after the full stop belongs to this sentence.
  if (/["”»]/.test(text[to + 1] ?? '')) to++;
  return { from, to: Math.min(text.length, to + 1) };
}

function paragraphBounds(text: string, start: number, end: number): { from: number; to: number } {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const next = text.indexOf('\n', end);
  return { from, to: next === -1 ? text.length : next };
}

/** Is offset `at` inside a quotation ("…" or “…”) of the paragraph? Returns where the quotation ends. */
function quotationAround(text: string, para: { from: number; to: number }, at: number): { open: number; close: number } | null {
  const body = text.slice(para.from, para.to);
  for (const m of body.matchAll(/["“«]([^"“”«»]*)["”»]/g)) {
    const open = para.from + m.index;
    const close = open + m[0].length;
    if (at > open && at < close) return { open, close };
  }
  return null;
}

function toProposal(a: Attribution, resolvedFrom?: Attribution): ClaimSourceProposal {
  return {
    source: resolvedFrom ? resolvedFrom.source : a.source,
    cue: a.cue,
    evidence: resolvedFrom ? `${a.raw} (${resolvedFrom.raw})` : a.raw,
    at: a.at,
    ...(resolvedFrom ? { resolvedFrom: a.source } : {}),
  };
}

/**
 * The most likely speaker and cue for a claim tagged at [start, end) of
 * `text`, or null when the sentence (and, for a quotation, its paragraph)
 * names nobody.
 */
export function proposeClaimSource(text: string, start: number, end: number): ClaimSourceProposal | null {
  const para = paragraphBounds(text, start, end);
  const paragraph = text.slice(para.from, para.to);
  const all = attributionsIn(paragraph).map((a) => ({ ...a, at: a.at + para.from, end: a.end + para.from }));
  const sentence = sentenceBounds(text, start, end);
  const quote = quotationAround(text, para, start);

  const resolve = (a: Attribution): ClaimSourceProposal => {
    if (!PRONOUNS.test(a.source)) return toProposal(a);
    // "he added": the speaker named last before it, in this paragraph or the ones just before.
    const earlierText = text.slice(Math.max(0, a.at - 1500), a.at);
    const earlier = attributionsIn(earlierText)
      .filter((e) => !PRONOUNS.test(e.source))
      .at(-1);
    return earlier ? toProposal(a, earlier) : toProposal(a);
  };

  // Inside a quotation: the attribution right after it closes ("…," Ushakov said), else before it opens.
  if (quote) {
    const after = all.find((a) => a.at >= quote.close && a.at - quote.close <= 4);
    if (after) return resolve(after);
    const before = all.filter((a) => a.end <= quote.open && quote.open - a.end <= 4).at(-1);
    if (before) return resolve(before);
  }
  // In the same sentence, outside the span: the nearest one.
  const outside = all.filter((a) => a.at >= sentence.from && a.end <= sentence.to && (a.end <= start || a.at >= end));
  if (outside.length) {
    const nearest = outside.reduce((best, a) => (distance(a, start, end) < distance(best, start, end) ? a : best));
    return resolve(nearest);
  }
  // The span holds the attribution itself ("Putin said Russia was open to the ceasefire").
  const inside = all.find((a) => a.at >= start && a.end <= end);
  if (inside) return resolve(inside);
  // A quotation that continues the paragraph's earlier attribution.
  if (quote) {
    const earlier = all.filter((a) => a.end <= quote.open).at(-1);
    if (earlier) return resolve(earlier);
  }
  return null;
}

function distance(a: Attribution, start: number, end: number): number {
  return a.end <= start ? start - a.end : a.at - end;
}

/**
 * The attribute values a proposal would fill on a span of this label: the
 * source into the label's empty speaker field ("source", or any text field of
 * the "source" suggestion group such as a casualty figure's "reported by"),
 * the cue into an empty "cue". Fields the analyst filled are never touched.
 */
export function proposalFill(
  defs: readonly { key: string; type: string; suggestGroup?: string }[],
  attributes: Readonly<Record<string, unknown>>,
  proposal: ClaimSourceProposal | null,
): Record<string, string> {
  if (!proposal) return {};
  const out: Record<string, string> = {};
  const sourceDef = defs.find((d) => d.type === 'text' && (d.key === 'source' || d.suggestGroup === 'source'));
  if (sourceDef && attributes[sourceDef.key] === undefined) out[sourceDef.key] = proposal.source;
  const cueDef = defs.find((d) => d.type === 'text' && d.key === 'cue');
  if (cueDef && attributes[cueDef.key] === undefined) out[cueDef.key] = proposal.cue;
  return out;
}
