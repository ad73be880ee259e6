// The page's shell: session (login form, log out), hash navigation between the views, and the
// live counts from the server's event stream, handed to the view on screen.
import { api, onUnauthorized } from './api.js';
import { fill } from './dom.js';
import { failuresView } from './failures.js';
import { overviewView } from './overview.js';
import { parseRoute } from './route.js';
import { searchView } from './search.js';
import { taskView } from './task.js';
import { LiveCounts } from './live.js';

const VIEWS = { overview: overviewView, failures: failuresView, task: taskView, search: searchView };
const $ = (id) => document.getElementById(id);

/** The view on screen: { onCounts?(counts), dispose?() }. */
let current = null;
const live = new LiveCounts('api/events', {
  onCounts: (counts) => current?.onCounts?.(counts),
  onState: (state, reason = '') => {
    $('live').dataset.live = state;
    $('live').textContent = { on: 'live', off: 'offline', problem: 'problem' }[state] ?? 'reconnecting';
    $('live').title = reason || 'Counts arrive live from the database\'s changes';
  },
  onProblem: () => { sessionGone(); },
  onClosed: async () => {
    if (!(await sessionGone())) live.startLater(5000);
  },
});

function showLogin(message = '') {
  live.stop();
  current?.dispose?.();
  current = null;
  fill($('view'));
  $('view').hidden = true;
  $('nav').hidden = true;
  $('session').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('login-form').elements.password.value = '';
  $('login-form').elements.name.focus();
}

function showApp(user) {
  $('login').hidden = true;
  $('nav').hidden = false;
  $('session').hidden = false;
  $('view').hidden = false;
  $('user').textContent = user.name;
  live.start();
  render();
}

function render() {
  if ($('view').hidden) return;
  const route = parseRoute(location.hash);
  if (route.view === 'overview' && location.hash !== '#/overview') {
    history.replaceState(null, '', '#/overview');
  }
  current?.dispose?.();
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('here', link.dataset.view === route.view);
  }
  const container = fill($('view'));
  for (const key of Object.keys(container.dataset)) delete container.dataset[key];
  container.dataset.view = route.view;
  // Which address this rendering is of: a test (or a person's tools) can tell it from the one before.
  container.dataset.route = location.hash;
  current = VIEWS[route.view](container, route);
}

/** True (and the login form shown) when the session has ended; false while it lasts, or when that cannot be told. */
async function sessionGone() {
  try {
    await api('api/session');
    return false;
  } catch (err) {
    if (err.status !== 401) return false;
    showLogin('Your session has ended: log in again.');
    return true;
  }
}

async function checkSession() {
  try {
    showApp(await api('api/session'));
  } catch (err) {
    showLogin(err.status === 401 ? '' : err.message);
  }
}

onUnauthorized(() => showLogin('Your session has ended: log in again.'));

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const button = form.querySelector('button');
  button.disabled = true;
  $('login-error').textContent = '';
  try {
    const user = await api('api/session', { method: 'POST', body: { name: form.elements.name.value, password: form.elements.password.value } });
    form.elements.password.value = '';
    showApp(user);
  } catch (err) {
    $('login-error').textContent = err.message;
  } finally {
    button.disabled = false;
  }
});

$('logout').addEventListener('click', async () => {
  try {
    await api('api/session', { method: 'DELETE' });
  } finally {
    showLogin();
  }
});

window.addEventListener('hashchange', render);
checkSession();
