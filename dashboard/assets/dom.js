// Building the page from data. Every value that comes from a task document goes into a text
// node (never innerHTML): documents may hold any JSON, HTML-looking strings included.

/** An element with attributes and children; strings and numbers become text nodes, null is skipped. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces the children of `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Any JSON value as one line of text: a string as is, anything else as JSON. */
export function text(value) {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A task date (ISO 8601 or epoch ms) as `YYYY-MM-DD HH:MM:SS Z`; anything else as text. */
export function when(value) {
  if (value === undefined || value === null || value === '') return '';
  const date = new Date(value);
  if ((typeof value !== 'string' && typeof value !== 'number') || Number.isNaN(date.getTime())) return text(value);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} Z`;
}

/** Milliseconds as `850 ms`, `12.3 s`, `4.1 min`, `2.0 h`. */
export function duration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return text(ms);
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (abs < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A link to a task's page; `short`: the id's first 8 characters (the whole id in its tooltip). */
export function taskLink(id, { short = false } = {}) {
  const full = text(id);
  const shown = short && full.length > 9 ? `${full.slice(0, 8)}…` : full;
  return el('a', { href: `#/task/${encodeURIComponent(full)}`, class: 'id', title: full }, shown);
}

/** A date's time of day only (`HH:MM:SS Z`), for dates that are always near. */
export function timeOfDay(value) {
  const shown = when(value);
  return /^\d{4}-\d\d-\d\d /.test(shown) ? shown.slice(11) : shown;
}

/**
 * A table that scrolls sideways inside its box on a narrow screen (the page itself never does).
 * A header is its label, or {label, class} (e.g. `wide-only`, a column phones leave out).
 */
export function table(headers, rows, attrs = {}) {
  const th = (header) => (typeof header === 'object'
    ? el('th', { scope: 'col', class: header.class }, header.label)
    : el('th', { scope: 'col' }, header));
  return el('div', { class: 'scroll' },
    el('table', attrs,
      el('thead', {}, el('tr', {}, headers.map(th))),
      el('tbody', {}, rows)));
}

/** A status as a label the stylesheet colours. */
export function statusLabel(status) {
  const name = text(status || 'waiting');
  return el('span', { class: 'status', 'data-status': name }, name);
}
