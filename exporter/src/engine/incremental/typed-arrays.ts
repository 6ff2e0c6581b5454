/** Growing the typed scratch arrays the window counts reuse (duplication.ts, evaluate.ts, results.ts). */
type Scratch = Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/**
 * `array` itself when it has room for `length` numbers; else a copy twice as long (or
 * longer) made by `make`, the new part filled with `fill`.
 */
export function withRoom<T extends Scratch>(array: T, length: number, make: (size: number) => T, fill = 0): T {
  if (length <= array.length) return array;
  let size = Math.max(1, array.length);
  while (size < length) size *= 2;
  const copy = make(size);
  copy.set(array);
  if (fill !== 0) copy.fill(fill, array.length);
  return copy;
}

// Made once, not per call: the counts call withRoom for every note or member they add.
export const int32s = (size: number): Int32Array<ArrayBuffer> => new Int32Array(size);
export const uint8s = (size: number): Uint8Array<ArrayBuffer> => new Uint8Array(size);
export const float64s = (size: number): Float64Array<ArrayBuffer> => new Float64Array(size);
