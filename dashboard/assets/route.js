// Hash navigation: #/overview, #/failures, #/task/<id>, #/search?worker=...&cursor=...

/** The view and its parameters that `hash` names; the overview for anything else. */
export function parseRoute(hash) {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split(/\?(.*)/s);
  const params = Object.fromEntries(new URLSearchParams(query));
  if (path.startsWith('task/') && path.length > 'task/'.length) {
    return { view: 'task', id: decodeURIComponent(path.slice('task/'.length)), params };
  }
  if (path === 'failures' || path === 'search') return { view: path, params };
  return { view: 'overview', params };
}

/** The hash of the search page for `params` (empty values left out). */
export function searchHash(params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const search = query.toString();
  return search ? `#/search?${search}` : '#/search';
}
