import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartDataset } from 'chart.js';
import { type JSX, useEffect, useEffectEvent, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BarChartProps {
  /** Accessible name of the chart (the numbers are also in the table beside it). */
  label: string;
  categories: string[];
  datasets: { label: string; color: string; values: (number | null)[] }[];
  stacked?: boolean;
  /** Value axis bounds, e.g. [-1, 1] for coefficients. */
  range?: [number, number];
  horizontal?: boolean;
  onSelect?: (category: number, dataset: number) => void;
}

/** A Chart.js bar chart that redraws when its data change and reports clicks on a bar. */
export function BarChart({ label, categories, datasets, stacked = false, range, horizontal = false, onSelect }: BarChartProps): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar', (number | null)[], string> | null>(null);
  const selectBar = useEffectEvent((category: number, dataset: number) => onSelect?.(category, dataset));

  useEffect(() => {
    if (!canvas.current) return undefined;
    const styles = getComputedStyle(document.documentElement);
    const fg = styles.getPropertyValue('--fg-soft').trim() || '#545b66';
    const grid = styles.getPropertyValue('--border').trim() || '#d5d9e0';
    const instance = new Chart<'bar', (number | null)[], string>(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { labels: { color: fg, boxWidth: 12 } } },
        scales: {
          x: { stacked, ticks: { color: fg }, grid: { color: grid } },
          y: { stacked, ticks: { color: fg }, grid: { color: grid } },
        },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit) selectBar(hit.index, hit.datasetIndex);
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target) target.style.cursor = elements.length ? 'pointer' : 'default';
        },
      },
    });
    chart.current = instance;
    return () => {
      instance.destroy();
      chart.current = null;
    };
  }, [stacked, horizontal]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.data.labels = categories;
    instance.data.datasets = datasets.map((d): ChartDataset<'bar', (number | null)[]> => ({
      label: d.label,
      data: d.values,
      backgroundColor: `${d.color}cc`,
      borderColor: d.color,
      borderWidth: 1,
    }));
    const valueAxis = horizontal ? instance.options.scales!.x! : instance.options.scales!.y!;
    valueAxis.min = range?.[0];
    valueAxis.max = range?.[1];
    instance.update();
  }, [categories, datasets, range, horizontal]);

  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
