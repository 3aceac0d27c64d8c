import { METRIC_NAMES, type AgreementOverview, type AgreementReport } from '../../../../shared/agreement';

/** The agreement report as files: CSV (one row per metric and label) and JSON (everything the dashboard shows). */

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportToCsv(report: AgreementReport): string {
  const rows: (string | number | null)[][] = [['a', 'b', 'metric', 'metric_name', 'label', 'precision', 'recall', 'f1', 'value', 'a_spans', 'b_spans']];
  for (const figure of report.figures) {
    const labels: [string, string | null][] = [['(all)', null], ...report.labels.map((l): [string, string] => [l.key, l.key])];
    for (const [name, key] of labels) {
      const counts = key ? report.counts[key] : undefined;
      const a = key ? (counts?.a ?? 0) : Object.values(report.counts).reduce((n, c) => n + c.a, 0);
      const b = key ? (counts?.b ?? 0) : Object.values(report.counts).reduce((n, c) => n + c.b, 0);
      if ('value' in figure) {
        rows.push([
          report.a,
          report.b,
          figure.metric,
          METRIC_NAMES[figure.metric],
          name,
          null,
          null,
          null,
          key ? (figure.by_label[key] ?? null) : figure.value,
          a,
          b,
        ]);
      } else {
        const p = key ? figure.by_label[key] : figure;
        rows.push([report.a, report.b, figure.metric, METRIC_NAMES[figure.metric], name, p?.precision ?? null, p?.recall ?? null, p?.f1 ?? null, null, a, b]);
      }
    }
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function reportToJson(report: AgreementReport, overview: AgreementOverview | null): string {
  return `${JSON.stringify({ report, overview }, null, 2)}\n`;
}

export function reportFileName(report: AgreementReport, extension: 'csv' | 'json'): string {
  const safe = (name: string) => name.replace(/[^\p{L}\p{N}_-]+/gu, '_');
  return `agreement-${safe(report.a)}-vs-${safe(report.b)}.${extension}`;
}
