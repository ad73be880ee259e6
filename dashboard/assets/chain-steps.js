// A chain's steps (`job` is an array): each step's job and arguments, where the chain is
// (`step`) and each finished step's result (`results`).
import { el, text } from './dom.js';

function stepState(doc, index) {
  const at = typeof doc.step === 'number' ? doc.step : 0;
  const done = Array.isArray(doc.results) && index < doc.results.length;
  if (doc.status === 'done' || (done && index < at)) return 'done';
  if (index === at) return doc.status === 'error' ? 'failed here' : doc.status === 'running' ? 'running' : 'next';
  return index < at ? 'done' : 'to do';
}

export function chainSteps(doc) {
  const steps = doc.job;
  return el('ol', { class: 'steps', id: 'steps', start: 0 }, steps.map((step, index) => {
    const state = stepState(doc, index);
    const hasResult = Array.isArray(doc.results) && index < doc.results.length;
    return el('li', { 'data-state': state },
      el('strong', {}, text(step && typeof step === 'object' ? step.name : step)),
      ' ', el('span', { class: 'muted' }, `step ${index} · ${state}`),
      step && typeof step === 'object' && step.arguments !== undefined ? el('div', {}, 'arguments: ', el('code', {}, text(step.arguments))) : null,
      hasResult ? el('div', {}, 'result: ', el('code', {}, text(doc.results[index]))) : null);
  }));
}
