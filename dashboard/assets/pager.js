// Paging with the server's opaque cursors: the cursors of the pages before this one are kept,
// so "Previous" goes back exactly and "Next" goes on from the server's `next`.
import { el } from './dom.js';

export class CursorTrail {
  constructor() {
    /** The cursors of the earlier pages ('' for the first). */
    this.before = [];
    /** This page's cursor ('' for the first). */
    this.cursor = '';
  }

  forward(next) {
    this.before.push(this.cursor);
    this.cursor = next;
  }

  back() {
    this.cursor = this.before.pop() ?? '';
  }

  /** The page number, from 1. */
  get page() {
    return this.before.length + 1;
  }
}

/** Previous / page N / Next buttons; `go(cursor)` loads a page. */
export function pagerButtons(trail, next, go, labels = { back: 'Previous', forward: 'Next' }) {
  return [
    el('button', { type: 'button', class: 'back', disabled: trail.page === 1, onclick: () => { trail.back(); go(trail.cursor); } }, labels.back),
    el('span', { class: 'page' }, `page ${trail.page}`),
    el('button', { type: 'button', class: 'forward', disabled: !next, onclick: () => { trail.forward(next); go(trail.cursor); } }, labels.forward),
  ];
}
