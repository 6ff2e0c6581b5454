/**
 * Whether two flat lists of fixed-width records hold the same records in any order:
 * re-verification compares every bucket it reads again with the one held, thousands per
 * refresh, so this builds no strings or arrays per record (it did, and that garbage was
 * a good part of the collector's pauses while /metrics waited). Numbers are equal as
 * `===` says, and NaN equals NaN; numbers after the last whole record are ignored.
 */
export function sameRecords(left: ArrayLike<number>, right: ArrayLike<number>, width: number): boolean {
  const count = Math.floor(left.length / width);
  if (count !== Math.floor(right.length / width)) return false;
  let inOrder = true;
  for (let at = 0; at < count * width && inOrder; at += 1) inOrder = compareNumbers(left[at], right[at]) === 0;
  if (inOrder) return true;
  const leftOrder = recordOrder(left, width, count);
  const rightOrder = recordOrder(right, width, count);
  for (let record = 0; record < count; record += 1) {
    if (compareRecords(left, (leftOrder[record] ?? 0) * width, right, (rightOrder[record] ?? 0) * width, width) !== 0) return false;
  }
  return true;
}

/** Numeric order, NaN (and a missing number) after every number and equal to itself. */
function compareNumbers(a: number | undefined, b: number | undefined): number {
  const aMissing = a === undefined || Number.isNaN(a);
  const bMissing = b === undefined || Number.isNaN(b);
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRecords(a: ArrayLike<number>, aAt: number, b: ArrayLike<number>, bAt: number, width: number): number {
  for (let field = 0; field < width; field += 1) {
    const order = compareNumbers(a[aAt + field], b[bAt + field]);
    if (order !== 0) return order;
  }
  return 0;
}

/** The indexes of the records, in record order. */
function recordOrder(numbers: ArrayLike<number>, width: number, count: number): Int32Array {
  const order = new Int32Array(count);
  for (let record = 0; record < count; record += 1) order[record] = record;
  return order.sort((x, y) => compareRecords(numbers, x * width, numbers, y * width, width));
}
