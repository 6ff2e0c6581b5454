/**
 * Text ids (staff, service users, note wording hashes) as small integers, so the
 * partial stores hold numbers only. The ids live in this process's memory alone:
 * they are never published (metrics carry counts, never who).
 *
 * Ids are handed out and never reused until `compact`, which renumbers the ids still
 * referenced and forgets the others; the engine compacts when most ids are dead
 * (notes leave the 28-day span, staff leave), so memory follows the live data.
 */
export class Interner {
  private ids = new Map<string, number>();
  private liveAtLastCompaction = 0;

  /** The id of `text`, a new one on first sight. */
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(text, id);
    }
    return id;
  }

  get size(): number {
    return this.ids.size;
  }

  /** True when there are clearly more ids than were live at the last compaction (twice, and at least 4096 more). */
  wantsCompaction(): boolean {
    return this.ids.size > 2 * this.liveAtLastCompaction + 4096;
  }

  /**
   * A new interner with the ids in `live` only, renumbered 0..n-1 in their old
   * order, and the old -> new mapping, which the caller applies to every stored id
   * (an id not live maps to -1 and must not be stored anywhere). This interner is
   * left as it was, so a state still using it stays valid.
   */
  compacted(live: ReadonlySet<number>): { interner: Interner; remap: (id: number) => number } {
    const remap = new Int32Array(this.ids.size).fill(-1);
    const interner = new Interner();
    for (const [text, id] of this.ids) {
      if (!live.has(id)) continue;
      remap[id] = interner.ids.size;
      interner.ids.set(text, interner.ids.size);
    }
    interner.liveAtLastCompaction = interner.ids.size;
    return { interner, remap: (id) => remap[id] ?? -1 };
  }
}
