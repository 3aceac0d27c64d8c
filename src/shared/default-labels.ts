import type { AttributeDef } from './domain';
import { PTC_TECHNIQUES } from './ptc-techniques';

/** A label as first-run seeds it (the store assigns ids and positions). */
export interface LabelSeed {
  key: string;
  name: string;
  color: string;
  hotkey: string;
  description: string;
  attributes: AttributeDef[];
}

/** How a casualty figure counts: each side of an exchange, or a rate per period. */
export const CASUALTY_UNITS = ['per side', 'per day', 'per week', 'per month', 'per year'] as const;

const PARTY_HELP = 'A party to the agreement or action, e.g. Russia, Ukraine, United States.';

export const DEFAULT_LABELS: readonly LabelSeed[] = [
  {
    key: 'claim',
    name: 'Claim',
    color: '#2563eb',
    hotkey: '1',
    description:
      'An assertion of fact or a prediction that someone makes and that could in principle be checked. Tag the asserted content and record who asserts it.',
    attributes: [
      {
        key: 'source',
        name: 'Source / speaker',
        type: 'text',
        suggest: true,
        suggestGroup: 'source',
        help: 'Who asserts it, e.g. a named official or an institution.',
      },
      { key: 'cue', name: 'Attribution cue', type: 'text', suggest: true, help: 'The reporting verb or phrase: said, claimed, according to…' },
      { key: 'checkability', name: 'Checkability', type: 'choice', options: ['checkable fact', 'opinion', 'prediction'] },
      { key: 'verification', name: 'Verification status', type: 'choice', options: ['unverified', 'supported', 'disputed', 'false'] },
    ],
  },
  {
    key: 'condition',
    name: 'Condition',
    color: '#b45309',
    hotkey: '2',
    description: 'A precondition, demand, guarantee or deadline that a party attaches to an agreement or action.',
    attributes: [
      { key: 'imposed_by', name: 'Imposed by', type: 'text', suggest: true, suggestGroup: 'party', help: PARTY_HELP },
      { key: 'addressed_to', name: 'Addressed to', type: 'text', suggest: true, suggestGroup: 'party', help: PARTY_HELP },
      { key: 'subject', name: 'Subject', type: 'text', suggest: true, help: 'What it is about, e.g. ceasefire, energy-strike moratorium.' },
      { key: 'kind', name: 'Kind', type: 'choice', options: ['precondition', 'demand', 'guarantee', 'deadline'] },
    ],
  },
  {
    key: 'casualty_figure',
    name: 'Casualty figure',
    color: '#dc2626',
    hotkey: '3',
    description: 'A number of people killed, wounded, captured, missing or exchanged, and comparable loss counts.',
    attributes: [
      { key: 'value', name: 'Value', type: 'integer', min: 0, help: 'Parsed from the span when possible; leave empty for a range.' },
      { key: 'min', name: 'Range from', type: 'integer', min: 0 },
      { key: 'max', name: 'Range to', type: 'integer', min: 0 },
      { key: 'approximate', name: 'Approximate', type: 'boolean' },
      {
        key: 'category',
        name: 'Category',
        type: 'choice',
        options: ['killed', 'wounded', 'captured/prisoners', 'missing', 'exchanged', 'mixed', 'unspecified'],
      },
      { key: 'population', name: 'Population', type: 'choice', options: ['military', 'civilian', 'unspecified'] },
      { key: 'side', name: 'Side', type: 'text', suggest: true, suggestGroup: 'party' },
      {
        key: 'unit',
        name: 'Counted',
        type: 'choice',
        options: [...CASUALTY_UNITS],
        help: 'Per side (an exchange of N for N), or a rate (per week…); empty for a plain count.',
      },
      { key: 'as_of', name: 'Period or as-of date', type: 'text' },
      { key: 'reported_by', name: 'Reported by', type: 'text', suggest: true, suggestGroup: 'source' },
    ],
  },
  {
    key: 'propaganda_framing',
    name: 'Propaganda framing',
    color: '#7c3aed',
    hotkey: '4',
    description:
      'Wording that frames events persuasively rather than informatively: loaded language, name calling, appeal to fear, whataboutism, flag-waving, doubt, exaggeration…',
    attributes: [
      {
        key: 'technique',
        name: 'Technique',
        type: 'multichoice',
        options: [...PTC_TECHNIQUES],
        help: 'The SemEval-2020 Task 11 technique classes (one phrase can carry several).',
      },
      { key: 'target', name: 'Target', type: 'text', suggest: true, suggestGroup: 'party', help: 'Who or what is framed.' },
    ],
  },
];
