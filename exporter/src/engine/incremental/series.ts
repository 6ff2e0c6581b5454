/**
 * The records of one location in one partial store, per bucket, kept compact:
 * buckets are grouped in pages of 64, each page one typed array of fixed-width
 * records with an offset table (compressed sparse rows). A series is immutable:
 * `replace` returns a new series sharing every page it did not touch, so a refresh
 * builds its changes beside the state in use and swaps only when it has succeeded,
 * and a view handed out earlier stays valid.
 *
 * Record layout is the store's business (see stores.ts); here a record is `width`
 * numbers. Int32 for counts and interned ids, Float64 where fractional values must
 * be kept exactly (acknowledgement delays).
 */

export type Column = Int32Array | Float64Array;

export interface SeriesShape {
  /** Numbers per record. */
  width: number;
  float: boolean;
}

const PAGE_BITS = 6;
const PAGE_BUCKETS = 1 << PAGE_BITS;

interface Page {
  /** offsets[i]..offsets[i+1]: the records (not numbers) of the page's bucket i. */
  offsets: Int32Array;
  data: Column;
}

const pageOf = (bucket: number): number => Math.floor(bucket / PAGE_BUCKETS);

export function makeColumn(shape: SeriesShape, numbers: number): Column {
  return shape.float ? new Float64Array(numbers) : new Int32Array(numbers);
}

export class BucketSeries {
  private constructor(
    readonly shape: SeriesShape,
    private readonly pages: ReadonlyMap<number, Page>,
  ) {}

  static empty(shape: SeriesShape): BucketSeries {
    return new BucketSeries(shape, new Map());
  }

  /** The records of one bucket, `width` numbers each (a view: do not write). */
  records(bucket: number): Column {
    const page = this.pages.get(pageOf(bucket));
    if (!page) return makeColumn(this.shape, 0);
    const slot = bucket - pageOf(bucket) * PAGE_BUCKETS;
    const { width } = this.shape;
    return page.data.subarray((page.offsets[slot] ?? 0) * width, (page.offsets[slot + 1] ?? 0) * width);
  }

  /** Calls `visit` for every bucket in [from, to) that has records, in order. */
  forEach(from: number, to: number, visit: (bucket: number, data: Column, start: number, end: number) => void): void {
    const { width } = this.shape;
    for (let pageIndex = pageOf(from); pageIndex * PAGE_BUCKETS < to; pageIndex += 1) {
      const page = this.pages.get(pageIndex);
      if (!page) continue;
      const base = pageIndex * PAGE_BUCKETS;
      const firstSlot = Math.max(0, from - base);
      const endSlot = Math.min(PAGE_BUCKETS, to - base);
      for (let slot = firstSlot; slot < endSlot; slot += 1) {
        const start = (page.offsets[slot] ?? 0) * width;
        const end = (page.offsets[slot + 1] ?? 0) * width;
        if (end > start) visit(base + slot, page.data, start, end);
      }
    }
  }

  /** A new series with the records of the given buckets replaced (an empty list clears a bucket). */
  replace(changes: ReadonlyMap<number, ArrayLike<number>>): BucketSeries {
    if (changes.size === 0) return this;
    const byPage = new Map<number, Map<number, ArrayLike<number>>>();
    for (const [bucket, numbers] of changes) {
      if (numbers.length % this.shape.width !== 0) throw new Error(`bucket ${bucket}: ${numbers.length} numbers is not a whole number of records`);
      const page = pageOf(bucket);
      let slots = byPage.get(page);
      if (!slots) byPage.set(page, (slots = new Map<number, ArrayLike<number>>()));
      slots.set(bucket - page * PAGE_BUCKETS, numbers);
    }
    const pages = new Map(this.pages);
    for (const [pageIndex, slots] of byPage) {
      const rebuilt = this.rebuildPage(this.pages.get(pageIndex), slots);
      if (rebuilt) pages.set(pageIndex, rebuilt);
      else pages.delete(pageIndex);
    }
    return new BucketSeries(this.shape, pages);
  }

  /** One page with some slots replaced; undefined when it is left empty. Copies numbers, no views. */
  private rebuildPage(page: Page | undefined, slots: ReadonlyMap<number, ArrayLike<number>>): Page | undefined {
    const { width } = this.shape;
    const held = (slot: number): [number, number] => (page ? [(page.offsets[slot] ?? 0) * width, (page.offsets[slot + 1] ?? 0) * width] : [0, 0]);
    const offsets = new Int32Array(PAGE_BUCKETS + 1);
    let total = 0;
    for (let slot = 0; slot < PAGE_BUCKETS; slot += 1) {
      offsets[slot] = total / width;
      const replaced = slots.get(slot);
      const [from, to] = held(slot);
      total += replaced ? replaced.length : to - from;
    }
    offsets[PAGE_BUCKETS] = total / width;
    if (total === 0) return undefined;
    const data = makeColumn(this.shape, total);
    for (let slot = 0; slot < PAGE_BUCKETS; slot += 1) {
      const at = (offsets[slot] ?? 0) * width;
      const replaced = slots.get(slot);
      if (replaced) {
        for (let i = 0; i < replaced.length; i += 1) data[at + i] = replaced[i] ?? 0;
      } else if (page) {
        const [from, to] = held(slot);
        data.set(page.data.subarray(from, to), at);
      }
    }
    return { offsets, data };
  }

  /** A new series without the buckets before `bucket` (records of older buckets are no longer needed). */
  dropBefore(bucket: number): BucketSeries {
    const firstPage = pageOf(bucket);
    const pages = new Map<number, Page>();
    const cleared = new Map<number, ArrayLike<number>>();
    for (const [index, page] of this.pages) {
      if (index > firstPage) pages.set(index, page);
      else if (index === firstPage) {
        pages.set(index, page);
        for (let b = index * PAGE_BUCKETS; b < bucket; b += 1) cleared.set(b, []);
      }
    }
    if (pages.size === this.pages.size && cleared.size === 0) return this;
    return new BucketSeries(this.shape, pages).replace(cleared);
  }

  /** Numbers held (for the memory figures in the logs). */
  numbers(): number {
    let total = 0;
    for (const page of this.pages.values()) total += page.data.length;
    return total;
  }

  /** Every id-carrying number passes through `map` (interned ids are renumbered when the interner is compacted). */
  remapped(fields: readonly number[], map: (id: number) => number): BucketSeries {
    if (fields.length === 0) return this;
    const { width } = this.shape;
    const pages = new Map<number, Page>();
    for (const [index, page] of this.pages) {
      const data = page.data.slice();
      for (let start = 0; start < data.length; start += width) {
        for (const field of fields) data[start + field] = map(data[start + field] ?? 0);
      }
      pages.set(index, { offsets: page.offsets, data });
    }
    return new BucketSeries(this.shape, pages);
  }
}
