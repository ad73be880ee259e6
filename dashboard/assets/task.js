// One task: its document as formatted JSON, its runs, a chain's steps, and the actions
// Cancel, Reschedule (a date picker) and Retry now. The server answers an action with the
// updated document or with its reason for refusing; both are shown. The document is read
// again whenever the live counts change (a worker turning `cancel` into `canceled`).
import { api } from './api.js';
import { chainSteps } from './chain-steps.js';
import { el, fill, statusLabel, text, when } from './dom.js';
import { historyTable } from './history-list.js';
import { isoFromLocalInput, localInputFromIso } from './local-time.js';

function taskPath(id, action) {
  return `api/tasks/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

function facts(doc) {
  const fact = (name, value) => el('div', {}, el('dt', {}, name), el('dd', {}, value));
  return el('dl', { class: 'facts-grid' },
    fact('status', el('span', { id: 'task-status' }, statusLabel(doc.status))),
    fact('worker', text(doc.worker)),
    fact('date', when(doc.date)),
    fact('job', Array.isArray(doc.job) ? `a chain of ${doc.job.length} steps` : text(doc.job && typeof doc.job === 'object' ? doc.job.name : doc.job)),
    fact('runs', text(doc.runs ?? 0)),
    fact('attempts', text(doc.attempts ?? 0)),
    fact('fails', text(doc.fails ?? 0)),
    doc.finished_at ? fact('finished', when(doc.finished_at)) : null);
}

function errorBox(doc) {
  if (!doc.error) return null;
  const message = typeof doc.error === 'object' ? doc.error.message : doc.error;
  return el('p', { class: 'message', id: 'task-error' }, text(message));
}

function actions(id, show) {
  const result = el('p', { id: 'action-result', role: 'status' });
  const inAnHour = localInputFromIso(new Date(Date.now() + 3_600_000).toISOString());
  const picker = el('input', { type: 'datetime-local', id: 'reschedule-date', value: inAnHour, required: true });
  const buttons = [];
  async function act(label, action, body) {
    for (const button of buttons) button.disabled = true;
    result.className = '';
    result.textContent = `${label}…`;
    try {
      const doc = await api(taskPath(id, action), { method: 'POST', body: body ?? {} });
      result.className = 'ok';
      result.textContent = `${label}: done. The task is now ${text(doc.status || 'waiting')}.`;
      show(doc);
    } catch (err) {
      if (err.status === 401) return;
      result.className = 'error';
      result.textContent = `${label} refused: ${err.message}`;
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  }
  const button = (label, id, onclick) => {
    const node = el('button', { type: 'button', id, onclick }, label);
    buttons.push(node);
    return node;
  };
  return el('section', { class: 'actions' },
    el('h2', {}, 'Actions'),
    el('div', { class: 'action-row' },
      button('Cancel', 'cancel', () => act('Cancel', 'cancel')),
      button('Retry now', 'retry', () => act('Retry', 'retry'))),
    el('div', { class: 'action-row' },
      el('label', {}, 'New date (your local time) ', picker),
      button('Reschedule', 'reschedule', () => {
        const date = isoFromLocalInput(picker.value);
        if (!date) {
          result.className = 'error';
          result.textContent = 'Reschedule: pick a date and time first.';
          return;
        }
        act('Reschedule', 'reschedule', { date });
      })),
    result);
}

export function taskView(container, route) {
  const id = route.id;
  const status = el('p', { class: 'error', role: 'alert' });
  const summary = el('section');
  const steps = el('section', { hidden: true });
  const history = el('section');
  const json = el('pre', { class: 'json', id: 'task-json' });
  let disposed = false;

  function show(doc) {
    fill(summary, facts(doc), errorBox(doc));
    steps.hidden = !Array.isArray(doc.job);
    fill(steps, Array.isArray(doc.job) ? [el('h2', {}, 'Chain steps'), chainSteps(doc)] : null);
    fill(history, el('h2', {}, 'Runs'), historyTable(doc.history));
    json.textContent = JSON.stringify(doc, null, 2);
    container.dataset.status = text(doc.status || 'waiting');
    container.dataset.loaded = 'true';
  }

  fill(container,
    el('h1', {}, 'Task ', el('code', { class: 'id' }, id)),
    status, summary, actions(id, show), steps, history,
    el('section', {}, el('h2', {}, 'Document'), json));

  async function load() {
    try {
      const doc = await api(taskPath(id));
      if (disposed) return;
      status.textContent = '';
      show(doc);
    } catch (err) {
      if (!disposed && err.status !== 401) status.textContent = err.message;
    }
  }
  load();
  return {
    onCounts: () => load(),
    dispose() { disposed = true; },
  };
}
