import { describe, expect, it } from 'vitest';
import type { AgreementReport } from '../../../src/shared/agreement';
import { reportFileName, reportToCsv, reportToJson } from '../../../src/renderer/src/features/agreement/report-export';

const report: AgreementReport = {
  a: 'Ana, "A."',
  b: 'gold',
  labels: [
    { key: 'claim', name: 'Claim', color: '#1d4ed8' },
    { key: 'condition', name: 'Condition', color: '#b45309' },
  ],
  figures: [
    {
      metric: 'exact',
      a: 'Ana, "A."',
      b: 'gold',
      precision: 0.5,
      recall: 0.25,
      f1: 1 / 3,
      by_label: { claim: { precision: 1, recall: 0.5, f1: 2 / 3 }, condition: { precision: 0, recall: null, f1: null } },
    },
    { metric: 'kappa', value: 0.4, by_label: { claim: 0.6, condition: null } },
  ],
  counts: { claim: { a: 1, b: 2 }, condition: { a: 1, b: 0 } },
  articles: { a: 1, b: 1, both: 1 },
  characters: 100,
  tokens: 0,
  confusion: { rows: [], columns: [], counts: {} },
};

describe('agreement report export', () => {
  it('writes one CSV row per metric and label, quoting names with commas and quotes, empty for null', () => {
    const lines = reportToCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe('a,b,metric,metric_name,label,precision,recall,f1,value,a_spans,b_spans');
    expect(lines).toHaveLength(1 + 2 * 3);
    expect(lines[1]).toBe(`"Ana, ""A.""",gold,exact,Exact-match F1,(all),0.5,0.25,${1 / 3},,2,2`);
    expect(lines[3]).toBe('"Ana, ""A.""",gold,exact,Exact-match F1,condition,0,,,,1,0');
    expect(lines[4]).toBe('"Ana, ""A.""",gold,kappa,Cohen’s κ (characters),(all),,,,0.4,2,2');
    expect(lines[6]).toBe('"Ana, ""A.""",gold,kappa,Cohen’s κ (characters),condition,,,,,1,0');
  });

  it('writes the whole report as JSON and names files after the pair', () => {
    expect(JSON.parse(reportToJson(report, null))).toEqual({ report, overview: null });
    expect(reportFileName(report, 'csv')).toBe('agreement-Ana_A_-vs-gold.csv');
  });
});
