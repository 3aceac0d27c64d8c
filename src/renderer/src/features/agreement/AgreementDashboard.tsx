import { type JSX, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  AGREEMENT_METRICS,
  METRIC_NAMES,
  NO_SOURCE,
  type AgreementFigure,
  type AgreementMetric,
  type AgreementOverview,
  type AgreementReport,
  type AgreementSpans,
} from '../../../../shared/agreement';
import { api, errorMessage } from '../../api';
import { BarChart } from './BarChart';
import { HeatTable } from './HeatTable';
import { reportFileName, reportToCsv, reportToJson } from './report-export';
import './agreement.css';

/**
 * The agreement dashboard: figures between two layers per label and overall,
 * the pairwise annotator matrix, the confusion matrix, label counts per
 * annotator and per source. Every number opens the spans behind it; the
 * report exports as CSV and JSON.
 */

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toFixed(3));
const headline = (f: AgreementFigure): number | null => ('value' in f ? f.value : f.f1);
const METRIC_COLORS: Record<AgreementMetric, string> = {
  exact: '#1d4ed8',
  overlap: '#0891b2',
  ptc: '#7c3aed',
  kappa: '#b45309',
  alpha: '#15803d',
  'alpha-u': '#be123c',
};

type DrillRequest =
  | { by: 'label'; a: string; b: string; label?: string; labels?: string[]; title: string }
  | { by: 'confusion'; a: string; b: string; row: string; column: string; labels?: string[]; title: string }
  | { by: 'annotator'; annotator: string; label?: string; source?: string; title: string };

function download(filename: string, content: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AgreementDashboard({ onClose }: { onClose: () => void }): JSX.Element {
  const [overview, setOverview] = useState<AgreementOverview | null>(null);
  const [matrixMetric, setMatrixMetric] = useState<AgreementMetric>('exact');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [hiddenLabels, setHiddenLabels] = useState<string[]>([]);
  const [fetchedReport, setFetchedReport] = useState<AgreementReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  const [fetchedDrill, setFetchedDrill] = useState<{ drill: DrillRequest; result: AgreementSpans } | null>(null);
  const pairChosen = a !== '' && b !== '' && a !== b;
  const report = pairChosen ? fetchedReport : null;
  // Spans of an earlier drill-down never show under a new one's title.
  const drillResult = drill && fetchedDrill?.drill === drill ? fetchedDrill.result : null;
  const drillPanel = useRef<HTMLElement>(null);

  const labelFilter = useMemo(() => {
    if (!overview || hiddenLabels.length === 0) return undefined;
    return overview.labels.map((l) => l.key).filter((k) => !hiddenLabels.includes(k));
  }, [overview, hiddenLabels]);

  useEffect(() => {
    api.agreementOverview({ metric: matrixMetric, ...(labelFilter ? { labels: labelFilter } : {}) }).then(
      (o) => {
        setOverview(o);
        const names = o.annotators.map((x) => x.name);
        setA((current) => (names.includes(current) ? current : (names.find((n) => n !== 'gold') ?? '')));
        setB((current) => (names.includes(current) ? current : names.includes('gold') ? 'gold' : (names.filter((n) => n !== 'gold')[1] ?? '')));
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [matrixMetric, labelFilter]);

  useEffect(() => {
    if (!pairChosen) return;
    let live = true;
    api.agreementReport({ a, b, ...(labelFilter ? { labels: labelFilter } : {}) }).then(
      (answer) => {
        if (!live) return;
        setFetchedReport(answer);
        setError(null);
      },
      (e: unknown) => {
        if (!live) return;
        setFetchedReport(null);
        setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
  }, [a, b, labelFilter, pairChosen]);

  useEffect(() => {
    if (!drill) return;
    const { title: _title, ...input } = drill;
    void _title;
    api.agreementSpans(input).then(
      (result) => {
        setFetchedDrill({ drill, result });
        requestAnimationFrame(() => drillPanel.current?.scrollIntoView({ block: 'nearest' }));
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [drill]);

  const labelName = useCallback((key: string) => overview?.labels.find((l) => l.key === key)?.name ?? key, [overview]);
  const filter = labelFilter ? { labels: labelFilter } : {};

  const perLabelChart = useMemo(() => {
    if (!report) return null;
    return {
      categories: ['Overall', ...report.labels.map((l) => l.name)],
      datasets: report.figures.map((f) => ({
        label: METRIC_NAMES[f.metric],
        color: METRIC_COLORS[f.metric],
        values: [headline(f), ...report.labels.map((l) => ('value' in f ? (f.by_label[l.key] ?? null) : (f.by_label[l.key]?.f1 ?? null)))],
      })),
    };
  }, [report]);

  const countsChart = useMemo(() => {
    if (!overview) return null;
    const byRow = (table: Record<string, Record<string, number>>, rows: string[]) =>
      overview.labels.map((l) => ({ label: l.name, color: l.color, values: rows.map((r) => table[r]?.[l.key] ?? 0) }));
    const annotators = overview.annotators.map((x) => x.name);
    const sources = Object.keys(overview.bySource).sort((x, y) => (x === NO_SOURCE ? 1 : y === NO_SOURCE ? -1 : x.localeCompare(y)));
    return {
      annotators,
      sources,
      byAnnotator: byRow(overview.byAnnotator, annotators),
      bySource: byRow(overview.bySource, sources),
    };
  }, [overview]);

  const exportReport = (kind: 'csv' | 'json'): void => {
    if (!report) return;
    if (kind === 'csv') download(reportFileName(report, 'csv'), reportToCsv(report), 'text/csv');
    else download(reportFileName(report, 'json'), reportToJson(report, overview), 'application/json');
  };

  const names = overview?.annotators.map((x) => x.name) ?? [];
  const maxCount = Math.max(1, ...Object.values(report?.confusion.counts ?? {}).flatMap((r) => Object.values(r)));

  return (
    <div className="agreement" data-testid="agreement-dashboard">
      <div className="agreement-head">
        <button type="button" className="button subtle" onClick={onClose}>
          ← Articles
        </button>
        <h1>Agreement</h1>
        <label>
          Scored (a)
          <select value={a} onChange={(e) => setA(e.target.value)} data-testid="agreement-a">
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="icon" title="Swap a and b" onClick={() => (setA(b), setB(a))}>
          ⇄
        </button>
        <label>
          Reference (b)
          <select value={b} onChange={(e) => setB(e.target.value)} data-testid="agreement-b">
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button type="button" className="button" disabled={!report} onClick={() => exportReport('csv')}>
          Export CSV
        </button>
        <button type="button" className="button" disabled={!report} onClick={() => exportReport('json')}>
          Export JSON
        </button>
      </div>
      {overview && overview.labels.length > 0 && (
        <div className="label-filter" role="group" aria-label="Labels compared">
          {overview.labels.map((l) => (
            <label key={l.key} className="label-toggle" style={{ borderColor: l.color }}>
              <input
                type="checkbox"
                checked={!hiddenLabels.includes(l.key)}
                onChange={(e) => setHiddenLabels((h) => (e.target.checked ? h.filter((k) => k !== l.key) : [...h, l.key]))}
              />
              {l.name}
            </label>
          ))}
        </div>
      )}
      {error && (
        <p className="agreement-error" role="alert">
          {error}
        </p>
      )}
      {overview && names.length < 2 && (
        <p className="empty">Agreement needs the spans of at least two annotators (or an annotator and gold). Import another analyst’s work first.</p>
      )}
      <div className="agreement-grid">
        {report && (
          <section className="panel wide" aria-labelledby="figures-title">
            <h2 id="figures-title">
              {report.a} against {report.b}
              <span className="muted">
                {' '}
                · {report.articles.a} article{report.articles.a === 1 ? '' : 's'} tagged by {report.a}, {report.articles.b} by {report.b}: the F1 rows count
                spans in all of them, κ and α only in the {report.articles.both} tagged by both
              </span>
            </h2>
            <div className="figures-and-chart">
              <table className="figures" data-testid="agreement-figures">
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col">Overall</th>
                    {report.labels.map((l) => (
                      <th key={l.key} scope="col">
                        <span className="swatch" style={{ background: l.color }} />
                        {l.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {report.figures.map((f) => (
                    <tr key={f.metric} data-metric={f.metric}>
                      <th scope="row">{METRIC_NAMES[f.metric]}</th>
                      {[null, ...report.labels.map((l) => l.key)].map((key) => {
                        const cell =
                          'value' in f
                            ? { main: key ? f.by_label[key] : f.value, detail: '' }
                            : (() => {
                                const p = key ? f.by_label[key] : f;
                                return { main: p?.f1, detail: `P ${fmt(p?.precision)} · R ${fmt(p?.recall)}` };
                              })();
                        return (
                          <td key={key ?? '(all)'} data-label={key ?? '(all)'}>
                            <button
                              type="button"
                              className="cell"
                              title={`Spans behind ${METRIC_NAMES[f.metric]}, ${key ? labelName(key) : 'all labels'}`}
                              onClick={() =>
                                setDrill({
                                  by: 'label',
                                  a: report.a,
                                  b: report.b,
                                  ...(key ? { label: key } : {}),
                                  ...filter,
                                  title: `${key ? labelName(key) : 'All labels'}: spans of ${report.a} and ${report.b}`,
                                })
                              }
                            >
                              <span className="figure">{fmt(cell.main)}</span>
                              {cell.detail && <span className="detail">{cell.detail}</span>}
                            </button>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                  <tr className="counts-row">
                    <th scope="row">Spans (a / b)</th>
                    <td>
                      {Object.values(report.counts).reduce((n, c) => n + c.a, 0)} / {Object.values(report.counts).reduce((n, c) => n + c.b, 0)}
                    </td>
                    {report.labels.map((l) => (
                      <td key={l.key}>
                        {report.counts[l.key]?.a ?? 0} / {report.counts[l.key]?.b ?? 0}
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
              {perLabelChart && (
                <BarChart
                  label={`Agreement per label between ${report.a} and ${report.b}`}
                  categories={perLabelChart.categories}
                  datasets={perLabelChart.datasets}
                  range={[Math.min(0, ...perLabelChart.datasets.flatMap((d) => d.values.filter((v): v is number => v !== null))), 1]}
                  onSelect={(category) => {
                    const key = category === 0 ? undefined : report.labels[category - 1]?.key;
                    setDrill({
                      by: 'label',
                      a: report.a,
                      b: report.b,
                      ...(key ? { label: key } : {}),
                      ...filter,
                      title: `${key ? labelName(key) : 'All labels'}: spans of ${report.a} and ${report.b}`,
                    });
                  }}
                />
              )}
            </div>
          </section>
        )}

        {overview && names.length >= 2 && (
          <section className="panel" aria-labelledby="pairwise-title">
            <h2 id="pairwise-title">
              Every pair
              <select value={matrixMetric} onChange={(e) => setMatrixMetric(e.target.value as AgreementMetric)} aria-label="Metric of the pairwise matrix">
                {AGREEMENT_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {METRIC_NAMES[m]}
                  </option>
                ))}
              </select>
            </h2>
            <HeatTable
              testId="pairwise-matrix"
              caption="Rows are scored against columns; pick a cell to compare that pair above."
              rowTitle="a"
              columnTitle="b"
              rows={names}
              columns={names}
              value={(r, c) => (r === c ? undefined : (overview.pairwise[r]?.[c] ?? null))}
              format={(v) => v.toFixed(3)}
              scale={[0, 1]}
              onSelect={(r, c) => {
                setA(r);
                setB(c);
              }}
            />
          </section>
        )}

        {report && (
          <section className="panel" aria-labelledby="confusion-title">
            <h2 id="confusion-title">Label confusion (overlapping spans)</h2>
            <HeatTable
              testId="confusion-matrix"
              caption={`Rows: ${report.a}’s label; columns: ${report.b}’s label. (none): nothing of the other side overlaps.`}
              rowTitle={report.a}
              columnTitle={report.b}
              rows={report.confusion.rows}
              columns={report.confusion.columns}
              value={(r, c) => report.confusion.counts[r]?.[c] ?? 0}
              format={(v) => String(v)}
              scale={[0, maxCount]}
              display={labelName}
              onSelect={(row, column) =>
                setDrill({
                  by: 'confusion',
                  a: report.a,
                  b: report.b,
                  row,
                  column,
                  ...filter,
                  title: `${report.a}: ${labelName(row)} × ${report.b}: ${labelName(column)}`,
                })
              }
            />
          </section>
        )}

        {countsChart && countsChart.annotators.length > 0 && (
          <section className="panel" aria-labelledby="by-annotator-title">
            <h2 id="by-annotator-title">Spans per annotator</h2>
            <BarChart
              label="Spans per annotator and label"
              categories={countsChart.annotators}
              datasets={countsChart.byAnnotator}
              stacked
              horizontal
              onSelect={(row, dataset) => {
                const annotator = countsChart.annotators[row]!;
                const label = overview!.labels[dataset]!;
                setDrill({ by: 'annotator', annotator, label: label.key, title: `${annotator}: ${label.name}` });
              }}
            />
          </section>
        )}

        {countsChart && countsChart.sources.length > 0 && (
          <section className="panel" aria-labelledby="by-source-title">
            <h2 id="by-source-title">Spans per source (all annotators)</h2>
            <BarChart
              label="Spans per article source and label"
              categories={countsChart.sources}
              datasets={countsChart.bySource}
              stacked
              horizontal
              onSelect={(row, dataset) => {
                const source = countsChart.sources[row]!;
                const label = overview!.labels[dataset]!;
                if (a) setDrill({ by: 'annotator', annotator: a, label: label.key, source, title: `${a} in ${source}: ${label.name}` });
              }}
            />
          </section>
        )}
      </div>

      {drill && (
        <section ref={drillPanel} className="drill panel" aria-labelledby="drill-title" data-testid="agreement-drill">
          <h2 id="drill-title">
            {drill.title}
            <span className="muted">{drillResult ? ` · ${drillResult.total} span${drillResult.total === 1 ? '' : 's'}` : ' · loading…'}</span>
            <button type="button" className="icon" aria-label="Close the list" onClick={() => setDrill(null)}>
              ✕
            </button>
          </h2>
          {drillResult && (
            <table className="drill-table">
              <thead>
                <tr>
                  <th scope="col">Annotator</th>
                  <th scope="col">Article</th>
                  <th scope="col">Text</th>
                  <th scope="col">Label</th>
                  {drill.by === 'label' && <th scope="col">Exact match</th>}
                  {drill.by === 'label' && <th scope="col">Overlap</th>}
                </tr>
              </thead>
              <tbody>
                {drillResult.spans.map((s, i) => (
                  <tr key={`${s.annotationId}-${i}`} className={s.pair !== undefined && s.side === 'b' ? 'paired' : undefined}>
                    <td>{s.annotator}</td>
                    <td>
                      <a href={`#/article/${s.articleId}`}>{s.articleTitle}</a>
                    </td>
                    <td className="quote">{s.quote}</td>
                    <td>{labelName(s.label)}</td>
                    {drill.by === 'label' && <td>{s.exact ? '✓' : '✗'}</td>}
                    {drill.by === 'label' && <td>{s.overlap ? '✓' : '✗'}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {drillResult && drillResult.total > drillResult.spans.length && <p className="muted">The first {drillResult.spans.length} are shown.</p>}
        </section>
      )}
    </div>
  );
}
