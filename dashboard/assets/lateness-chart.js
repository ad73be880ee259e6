// A small inline SVG of start lateness: one bar per run, the latest at the right, height by
// lateness, with the p50 and p99 as lines. Built with DOM calls; labels are text nodes.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 120;
/** Bars are never wider than one of this many (a few runs do not make a wall). */
const MIN_SLOTS = 50;

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** `samples` [{at, late_ms}]; p50 and p99 in ms. */
export function latenessChart(samples, p50, p99, format) {
  const points = samples
    .filter((sample) => typeof sample?.late_ms === 'number' && Number.isFinite(sample.late_ms))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const top = Math.max(1, ...points.map((sample) => sample.late_ms), Number(p99) || 0);
  // The top 18 units hold the scale's label.
  const y = (ms) => HEIGHT - (Math.max(0, ms) / top) * (HEIGHT - 18);
  const slots = Math.max(points.length, MIN_SLOTS);
  const step = WIDTH / slots;
  const first = slots - points.length;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'aria-label': `start lateness of the last ${points.length} runs` },
    svg('title', {}, `Start lateness of the last ${points.length} runs (highest ${format(top)})`));
  points.forEach((sample, index) => {
    const barTop = y(sample.late_ms);
    chart.appendChild(svg('rect', { x: (first + index) * step + step * 0.1, y: barTop, width: Math.max(step * 0.8, 0.5), height: HEIGHT - barTop, class: 'bar' },
      svg('title', {}, `${String(sample.at)}: ${format(sample.late_ms)} late`)));
  });
  chart.appendChild(svg('text', { x: 4, y: 12, class: 'label' }, format(top)));
  for (const [name, value] of [['p50', p50], ['p99', p99]]) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    chart.appendChild(svg('line', { x1: 0, x2: WIDTH, y1: y(value), y2: y(value), class: `mark ${name}` }, svg('title', {}, `${name} ${format(value)}`)));
  }
  return chart;
}
