import { AGREEMENT_METRICS, METRIC_NAMES, type AgreementFigure, type AgreementMetric, type AgreementReport } from '../../../../shared/agreement';
import { WorkbenchError } from '../../../../shared/errors';
import type { WorkbenchService } from '../../../service/workbench-service';

/** `workbench agreement`: agreement between two layers, per label and overall. */

export const AGREEMENT_HELP = `Usage: workbench agreement --a NAME --b NAME [--labels L,...] [--metric M] [--json] [--db PATH]

Agreement of annotator a's spans (the side being scored) with b's (the
reference; "gold" is the gold layer). Precision is over a's spans, recall
over b's.
  --a NAME        The annotator being scored
  --b NAME        The reference annotator, or gold
  --labels L,...  Only these labels (keys or names, comma-separated)
  --metric M      exact      exact-match span P/R/F1 (start, end and label equal)
                  overlap    overlap (relaxed) span P/R/F1
                  ptc        PTC span-identification P/R/F1 (SemEval-2020 Task 11)
                  kappa      Cohen's kappa over characters
                  alpha      Krippendorff's alpha (nominal) over tokens
                  alpha-u    Krippendorff's unitizing alpha
                  all        every one of them (the default)
  --json          JSON: {"metric","a","b","precision","recall","f1","by_label"} for
                  span metrics, {"metric","value","by_label"} for kappa and alphas;
                  an array of these for --metric all
Kappa and both alphas count the articles both annotators tagged. A figure
with nothing to divide by (no spans, no variation) is null, printed as "-".
`;

export const agreementOptions = {
  a: { type: 'string' },
  b: { type: 'string' },
  labels: { type: 'string' },
  metric: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export interface AgreementArgs {
  a?: string;
  b?: string;
  labels?: string;
  metric?: string;
  json?: boolean;
}

export function agreementInput(values: AgreementArgs): { a: string; b: string; labels?: string[]; metrics: AgreementMetric[] } {
  const usage = (message: string) => new WorkbenchError('invalid_input', message, { usage: true });
  if (!values.a || !values.b) throw usage('agreement needs --a NAME and --b NAME (the scored annotator and the reference, e.g. gold)');
  const metric = values.metric ?? 'all';
  if (metric !== 'all' && !(AGREEMENT_METRICS as readonly string[]).includes(metric)) {
    throw usage(`unknown --metric “${metric}”; one of ${AGREEMENT_METRICS.join(', ')}, all`);
  }
  const labels = values.labels
    ?.split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    a: values.a,
    b: values.b,
    ...(labels && labels.length ? { labels } : {}),
    metrics: metric === 'all' ? [...AGREEMENT_METRICS] : [metric as AgreementMetric],
  };
}

const show = (value: number | null): string => (value === null ? '-' : value.toFixed(3));

function describe(figure: AgreementFigure): string[] {
  if ('value' in figure) {
    return [
      `${METRIC_NAMES[figure.metric]}: ${show(figure.value)}`,
      ...Object.entries(figure.by_label).map(([label, v]) => `  ${label.padEnd(24)} ${show(v)}`),
    ];
  }
  const prf = (p: { precision: number | null; recall: number | null; f1: number | null }) => `P ${show(p.precision)}  R ${show(p.recall)}  F1 ${show(p.f1)}`;
  return [
    `${METRIC_NAMES[figure.metric].replace(/ F1$/, '')}: ${prf(figure)}`,
    ...Object.entries(figure.by_label).map(([label, v]) => `  ${label.padEnd(24)} ${prf(v)}`),
  ];
}

export function formatReport(report: AgreementReport): string {
  const lines = [
    `${report.a} (scored) against ${report.b} (reference): ${report.labels.length} label${report.labels.length === 1 ? '' : 's'}, ` +
      `${report.articles.a} / ${report.articles.b} articles, ${report.articles.both} tagged by both`,
    '',
  ];
  for (const figure of report.figures) lines.push(...describe(figure), '');
  return lines.join('\n');
}

export function runAgreement(service: WorkbenchService, values: AgreementArgs): string {
  const input = agreementInput(values);
  const report = service.agreementReport(input);
  if (values.json) {
    const json = input.metrics.length === 1 ? report.figures[0] : report.figures;
    return `${JSON.stringify(json, null, 2)}\n`;
  }
  return formatReport(report);
}
