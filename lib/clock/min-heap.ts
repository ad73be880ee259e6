/** A binary min-heap of numbers: push and pop in O(log n), the smallest at hand in O(1). */
export class NumberMinHeap {
  private readonly items: number[];

  /** A heap of `values`, built in O(n). */
  constructor(values: Iterable<number> = []) {
    this.items = Array.from(values);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i -= 1) this.siftDown(i);
  }

  get size(): number {
    return this.items.length;
  }

  /** The smallest value, or undefined when empty. */
  peek(): number | undefined {
    return this.items[0];
  }

  push(value: number): void {
    this.items.push(value);
    this.siftUp(this.items.length - 1);
  }

  /** Removes and returns the smallest value, or undefined when empty. */
  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const smallest = items[0];
    const last = items.pop() as number;
    if (items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return smallest;
  }

  private siftUp(index: number): void {
    const items = this.items;
    const value = items[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (items[parent] <= value) break;
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
      const child = right < length && items[right] < items[left] ? right : left;
      if (items[child] >= value) break;
      items[index] = items[child];
      index = child;
    }
    items[index] = value;
  }
}
