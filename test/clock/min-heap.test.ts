import { expect } from 'chai';
import { NumberMinHeap } from '../../lib/clock/min-heap';

function drain(heap: NumberMinHeap): number[] {
  const out: number[] = [];
  for (let value = heap.pop(); value !== undefined; value = heap.pop()) out.push(value);
  return out;
}

describe('NumberMinHeap', () => {
  it('is empty at first', () => {
    const heap = new NumberMinHeap();
    expect(heap.size).to.equal(0);
    expect(heap.peek()).to.equal(undefined);
    expect(heap.pop()).to.equal(undefined);
  });

  it('pops in ascending order, duplicates included', () => {
    const heap = new NumberMinHeap();
    for (const value of [5, 3, 8, 3, 1, 9, 2, 8]) heap.push(value);
    expect(heap.size).to.equal(8);
    expect(heap.peek()).to.equal(1);
    expect(drain(heap)).to.deep.equal([1, 2, 3, 3, 5, 8, 8, 9]);
    expect(heap.size).to.equal(0);
  });

  it('is built from values', () => {
    expect(drain(new NumberMinHeap([4, 1, 3, 2, 0]))).to.deep.equal([0, 1, 2, 3, 4]);
    expect(drain(new NumberMinHeap(new Set([7, 5, 6])))).to.deep.equal([5, 6, 7]);
  });

  it('matches a sort on random pushes and pops', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const heap = new NumberMinHeap();
    const model: number[] = [];
    for (let i = 0; i < 5000; i += 1) {
      if (random() % 3 === 0 && model.length > 0) {
        model.sort((a, b) => a - b);
        expect(heap.pop()).to.equal(model.shift());
      } else {
        const value = random() % 1000;
        heap.push(value);
        model.push(value);
      }
      expect(heap.size).to.equal(model.length);
    }
    expect(drain(heap)).to.deep.equal(model.sort((a, b) => a - b));
  });
});
