// A task's run history (RunRecord: started_at, duration, outcome, by, step?) as a table, latest first.
import { duration, el, table, text, when } from './dom.js';

export function historyTable(history, { limit = Infinity } = {}) {
  const runs = Array.isArray(history) ? history.slice(-limit).reverse() : [];
  if (runs.length === 0) return el('p', { class: 'empty' }, 'No run yet.');
  const hasStep = runs.some((run) => run && run.step !== undefined);
  return table(['started', 'outcome', 'took', ...(hasStep ? ['step'] : []), 'by'], runs.map((run) => el('tr', {},
    el('td', { class: 'date' }, when(run?.started_at)),
    el('td', {}, el('span', { class: 'outcome', 'data-outcome': text(run?.outcome) }, text(run?.outcome))),
    el('td', { class: 'num' }, duration(run?.duration)),
    hasStep ? el('td', { class: 'num' }, text(run?.step)) : null,
    el('td', { class: 'id' }, text(run?.by)))), { class: 'history' });
}
