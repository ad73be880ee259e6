/**
 * A binary min-heap: push and pop in O(log n), the least item at hand in O(1). `before(a, b)`
 * says whether a comes out before b.
 */
export class MinHeap<T> {
  private readonly items: T[];

  /** A heap of `values`, built in O(n). */
  constructor(private readonly before: (a: T, b: T) => boolean, values: Iterable<T> = []) {
    this.items = Array.from(values);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i -= 1) this.siftDown(i);
  }

  get size(): number {
    return this.items.length;
  }

  /** The least item, or undefined when empty. */
  peek(): T | undefined {
    return this.items[0];
  }

  push(value: T): void {
    this.items.push(value);
    this.siftUp(this.items.length - 1);
  }

  /** Removes and returns the least item, or undefined when empty. */
  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const least = items[0];
    const last = items.pop() as T;
    if (items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return least;
  }

  private siftUp(index: number): void {
    const items = this.items;
    const value = items[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(value, items[parent])) break;
      items[index] = items[parent];
      index = parent;
    }
    items[index] = value;
  }

  private siftDown(index: number): void {
    const items = this.items;
    const value = items[index];
    const length = items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && this.before(items[right], items[left]) ? right : left;
      if (!this.before(items[child], value)) break;
      items[index] = items[child];
      index = child;
    }
    items[index] = value;
  }
}

/** A min-heap of numbers, smallest first. */
export class NumberMinHeap extends MinHeap<number> {
  constructor(values: Iterable<number> = []) {
    super((a, b) => a < b, values);
  }
}
