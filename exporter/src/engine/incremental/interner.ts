/**
 * Text ids (staff, service users, note wording hashes) as small integers, so the
 * partial stores hold numbers only. The ids live in this process's memory alone:
 * they are never published (metrics carry counts, never who).
 *
 * Ids are handed out and never reused until `compact`, which renumbers the ids still
 * referenced and forgets the others; the engine compacts when most ids are dead
 * (notes leave the 28-day span, staff leave), so memory follows the live data.
 *
 * Most texts are note wording hashes (an md5 per note of the 28-day span: hundreds of
 * thousands for a large provider). Held as strings in a Map they were about 100
 * bytes each of garbage-collected heap; they are kept instead as their 16 bytes in a
 * typed hash table (DigestTable). Any other text goes to a Map. A text is one or the
 * other by its form alone, so equal texts always get the same id.
 */
import { runAtOnce, type Steps } from '../slices.ts';

/** 32 lower-case hexadecimal digits: an md5 as the database's md5() writes it. */
const DIGEST = /^[0-9a-f]{32}$/;
const WORDS = 4;
const INITIAL_SLOTS = 1024;
/** Ids (or table slots) handled between two turns of the event loop, at most. */
const IDS_PER_STEP = 16_384;

/** Open addressing over four 32-bit words per key; md5 words are uniform, so the first one is the hash. */
class DigestTable {
  private keys: Uint32Array;
  private ids: Int32Array;
  private count = 0;
  private readonly words = new Uint32Array(WORDS);

  /** Room for `expected` digests without growing (growing rehashes every one, in one go). */
  constructor(expected = 0) {
    let slots = INITIAL_SLOTS;
    while (expected * 2 > slots) slots *= 2;
    this.keys = new Uint32Array(slots * WORDS);
    this.ids = new Int32Array(slots).fill(-1);
  }

  /** The id of the digest, or -1; `parse` first. */
  private slotOf(words: Uint32Array): number {
    const mask = this.ids.length - 1;
    for (let slot = (words[0] ?? 0) & mask; ; slot = (slot + 1) & mask) {
      if (this.ids[slot] === -1) return slot;
      const at = slot * WORDS;
      if (this.keys[at] === words[0] && this.keys[at + 1] === words[1] && this.keys[at + 2] === words[2] && this.keys[at + 3] === words[3]) return slot;
    }
  }

  private parse(digest: string): Uint32Array {
    for (let i = 0; i < WORDS; i += 1) this.words[i] = Number.parseInt(digest.slice(i * 8, i * 8 + 8), 16);
    return this.words;
  }

  /** The id of `digest`, or `next` (stored) when new. */
  id(digest: string, next: number): number {
    return this.idOfWords(this.parse(digest), next);
  }

  idOfWords(words: Uint32Array, next: number): number {
    const slot = this.slotOf(words);
    const found = this.ids[slot] ?? -1;
    if (found !== -1) return found;
    this.ids[slot] = next;
    this.keys.set(words, slot * WORDS);
    this.count += 1;
    if (this.count * 2 > this.ids.length) this.grow();
    return next;
  }

  /** Calls `visit` with each stored id and its words (a view: copy before keeping), IDS_PER_STEP slots a step. */
  *forEachSteps(visit: (id: number, words: Uint32Array) => void): Steps<void> {
    for (let slot = 0; slot < this.ids.length; slot += 1) {
      const id = this.ids[slot] ?? -1;
      if (id !== -1) visit(id, this.keys.subarray(slot * WORDS, slot * WORDS + WORDS));
      if (slot % IDS_PER_STEP === IDS_PER_STEP - 1) yield;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const ids = this.ids;
    this.keys = new Uint32Array(keys.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    for (let slot = 0; slot < ids.length; slot += 1) {
      const id = ids[slot] ?? -1;
      if (id === -1) continue;
      const words = keys.subarray(slot * WORDS, slot * WORDS + WORDS);
      const to = this.slotOf(words);
      this.ids[to] = id;
      this.keys.set(words, to * WORDS);
    }
  }
}

/** The ids still referenced, as compaction asks for them. */
export interface LiveIds {
  has(id: number): boolean;
}

export class Interner {
  private texts = new Map<string, number>();
  private digests = new DigestTable();
  private next = 0;
  private liveAtLastCompaction = 0;

  /** The id of `text`, a new one on first sight. */
  id(text: string): number {
    if (DIGEST.test(text)) {
      const id = this.digests.id(text, this.next);
      if (id === this.next) this.next += 1;
      return id;
    }
    let id = this.texts.get(text);
    if (id === undefined) {
      id = this.next++;
      this.texts.set(text, id);
    }
    return id;
  }

  /** Ids handed out since the last compaction (live or not). */
  get size(): number {
    return this.next;
  }

  /** True when there are clearly more ids than were live at the last compaction (twice, and at least 4096 more). */
  wantsCompaction(): boolean {
    return this.next > 2 * this.liveAtLastCompaction + 4096;
  }

  /**
   * A new interner with the ids in `live` only, renumbered 0..n-1 in their old
   * order, and the old -> new mapping, which the caller applies to every stored id
   * (an id not live maps to -1 and must not be stored anywhere). This interner is
   * left as it was, so a state still using it stays valid.
   */
  compacted(live: LiveIds): { interner: Interner; remap: (id: number) => number } {
    return runAtOnce(this.compactedSteps(live));
  }

  /**
   * The same, IDS_PER_STEP ids a step (see ../slices.ts). Written for the hundreds of
   * thousands of note digests of a large provider: the digests go straight from the
   * old table into a new one sized once, with no per-id objects, so compacting costs
   * two tables and the mapping, not several times that in short-lived garbage.
   */
  *compactedSteps(live: LiveIds): Steps<{ interner: Interner; remap: (id: number) => number }> {
    const remap = new Int32Array(this.next).fill(-1);
    let kept = 0;
    for (let id = 0; id < this.next; id += 1) {
      if (live.has(id)) remap[id] = kept++;
      if (id % IDS_PER_STEP === IDS_PER_STEP - 1) yield;
    }
    let digests = 0;
    yield* this.digests.forEachSteps((id) => {
      if ((remap[id] ?? -1) !== -1) digests += 1;
    });
    const interner = new Interner();
    interner.digests = new DigestTable(digests);
    for (const [text, id] of this.texts) {
      const to = remap[id] ?? -1;
      if (to !== -1) interner.texts.set(text, to);
    }
    yield;
    yield* this.digests.forEachSteps((id, words) => {
      const to = remap[id] ?? -1;
      if (to !== -1) interner.digests.idOfWords(words, to);
    });
    interner.next = kept;
    interner.liveAtLastCompaction = kept;
    return { interner, remap: (id) => remap[id] ?? -1 };
  }
}
