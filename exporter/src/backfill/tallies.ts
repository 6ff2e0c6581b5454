/**
 * What is in one window at one instant, kept up to date as rows enter and leave it
 * (the sweep in ./sweep.ts slides the windows hour by hour). Three ways to count, as
 * the indicator SQL counts: rows (most indicators), staff with a shift (login
 * coverage), notes whose wording appears for two or more service users (duplication).
 */

/** One class of rows of an item query (see ./item-sql.ts). */
export interface ItemClass {
  /** login_coverage: the staff member; note_duplication: the normalised body. */
  entity: number | null;
  /** note_duplication: the service user (null when unknown). */
  sub: number | null;
  keyHour: number;
  denEnter: number;
  numEnter: number | null;
  n: number;
}

export type Counting = 'rows' | 'staff' | 'duplicated_notes';

export type Part = 'den' | 'num';

export interface Tally {
  numerator: number;
  denominator: number;
  apply(item: ItemClass, part: Part, sign: 1 | -1): void;
}

function rowTally(): Tally {
  const tally: Tally = {
    numerator: 0,
    denominator: 0,
    apply(item, part, sign) {
      if (part === 'den') tally.denominator += sign * item.n;
      else tally.numerator += sign * item.n;
    },
  };
  return tally;
}

/** Distinct staff with a judged shift in the window (denominator), and with a logged-in one (numerator). */
function staffTally(): Tally {
  const shifts = new Map<number, number>();
  const loggedIn = new Map<number, number>();
  const tally: Tally = {
    numerator: 0,
    denominator: 0,
    apply(item, part, sign) {
      const counts = part === 'den' ? shifts : loggedIn;
      const staff = item.entity ?? 0;
      const before = counts.get(staff) ?? 0;
      const after = before + sign * item.n;
      if (after === 0) counts.delete(staff);
      else counts.set(staff, after);
      const change = (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
      if (part === 'den') tally.denominator += change;
      else tally.numerator += change;
    },
  };
  return tally;
}

interface Body {
  notes: number;
  perServiceUser: Map<number, number>;
}

/** Notes in the window (denominator); numerator: notes whose body is also written about another service user. */
function duplicatedNotesTally(): Tally {
  const bodies = new Map<number, Body>();
  const duplicated = (body: Body): number => (body.perServiceUser.size >= 2 ? body.notes : 0);
  const tally: Tally = {
    numerator: 0,
    denominator: 0,
    apply(item, part, sign) {
      if (part !== 'den') return;
      const key = item.entity ?? 0;
      const body = bodies.get(key) ?? { notes: 0, perServiceUser: new Map<number, number>() };
      const before = duplicated(body);
      body.notes += sign * item.n;
      if (item.sub !== null) {
        const count = (body.perServiceUser.get(item.sub) ?? 0) + sign * item.n;
        if (count === 0) body.perServiceUser.delete(item.sub);
        else body.perServiceUser.set(item.sub, count);
      }
      tally.numerator += duplicated(body) - before;
      tally.denominator += sign * item.n;
      if (body.notes === 0) bodies.delete(key);
      else bodies.set(key, body);
    },
  };
  return tally;
}

export function createTally(counting: Counting): Tally {
  if (counting === 'staff') return staffTally();
  if (counting === 'duplicated_notes') return duplicatedNotesTally();
  return rowTally();
}
