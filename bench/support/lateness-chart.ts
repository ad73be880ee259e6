// The lateness chart: for each scenario, the share of tasks that had started within x ms of
// their date (a cumulative distribution), x on a log scale so that both the usual few
// milliseconds and the tail show. Hand-written SVG: no chart library for one picture.
import { percentileOfSorted } from './stats';

export interface LatenessSeries {
  label: string;
  /** Lateness of every task (ms), all runs together. */
  samples: number[];
}

const WIDTH = 760;
const PLOT_HEIGHT = 314;
const MARGIN = { left: 64, right: 24, bottom: 56 };
/** The title, the subtitle, then one legend line per series, above the plot. */
const LEGEND_TOP = 66;
const LEGEND_LINE = 18;
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
/** Points per curve: the quantile function sampled this finely. */
const STEPS = 400;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function msLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

export function renderLatenessChart(series: readonly LatenessSeries[], title: string, subtitle: string): string {
  const PLOT = { left: MARGIN.left, top: LEGEND_TOP + series.length * LEGEND_LINE + 6 };
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PLOT_HEIGHT;
  const HEIGHT = PLOT.top + plotHeight + MARGIN.bottom;
  const largest = Math.max(10, ...series.flatMap((s) => (s.samples.length > 0 ? [Math.max(...s.samples)] : [])));
  const decades = Math.max(1, Math.ceil(Math.log10(largest)));
  // Lateness under 1 ms is drawn at the left edge: the log scale starts at 1 ms.
  const x = (ms: number): number => PLOT.left + (Math.log10(Math.max(1, ms)) / decades) * plotWidth;
  const y = (share: number): number => PLOT.top + (1 - share) * plotHeight;
  const parts: string[] = [];

  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  parts.push(`<text x="${PLOT.left}" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  parts.push(`<text x="${PLOT.left}" y="44" fill="#555">${escapeXml(subtitle)}</text>`);

  for (let decade = 0; decade <= decades; decade += 1) {
    const ms = 10 ** decade;
    parts.push(`<line x1="${x(ms)}" y1="${PLOT.top}" x2="${x(ms)}" y2="${PLOT.top + plotHeight}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(ms)}" y="${PLOT.top + plotHeight + 18}" text-anchor="middle">${msLabel(ms)}</text>`);
  }
  for (const share of [0, 0.25, 0.5, 0.75, 0.99, 1]) {
    const dashed = share === 0.5 || share === 0.99 ? ' stroke-dasharray="4 3"' : '';
    parts.push(`<line x1="${PLOT.left}" y1="${y(share)}" x2="${PLOT.left + plotWidth}" y2="${y(share)}" stroke="#ddd"${dashed}/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${y(share) + 4}" text-anchor="end">${Math.round(share * 100)} %</text>`);
  }
  parts.push(`<rect x="${PLOT.left}" y="${PLOT.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${PLOT.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">start lateness: job start − task date (log scale; under 1 ms at the left edge)</text>`);
  parts.push(`<text transform="translate(16 ${PLOT.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">tasks started</text>`);

  series.forEach((s, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const sorted = [...s.samples].sort((a, b) => a - b);
    if (sorted.length === 0) return;
    const points: string[] = [`${x(sorted[0])},${y(0)}`];
    for (let step = 1; step <= STEPS; step += 1) {
      const share = step / STEPS;
      points.push(`${x(percentileOfSorted(sorted, share * 100)).toFixed(1)},${y(share).toFixed(1)}`);
    }
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const legendY = LEGEND_TOP + index * LEGEND_LINE;
    const stats = `p50 ${percentileOfSorted(sorted, 50)} ms, p99 ${percentileOfSorted(sorted, 99)} ms, max ${sorted[sorted.length - 1]} ms (${sorted.length.toLocaleString('en-US')} starts)`;
    parts.push(`<line x1="${PLOT.left}" y1="${legendY - 4}" x2="${PLOT.left + 20}" y2="${legendY - 4}" stroke="${colour}" stroke-width="3"/>`);
    parts.push(`<text x="${PLOT.left + 26}" y="${legendY}">${escapeXml(`${s.label}: ${stats}`)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
