/** The bounded string-keyed table the memos of facts/cache.ts and the data layer (IamData) share. */

/**
 * A bounded table from strings to answers. The entries are a prototype-less dictionary object,
 * not a Map: a key is internalised when first used as a property name, so each later look-up with
 * the same string object is a pointer comparison (a Map compares the characters of a string
 * parsed anew every time), and the table holds the internalised copy, not a slice of the document
 * text the key came from. At `max` entries it is emptied and refilled (tables are derived, so
 * losing them costs only time).
 */
export class StringTable {
  private entries: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private size = 0;

  get<V, A>(key: string, compute: (key: string, arg: A) => V, max: number, arg: A): V {
    // One look-up for a hit (an undefined answer, rare, is told apart by `in`).
    const hit = this.entries[key];
    if (hit !== undefined || key in this.entries) return hit as V;
    const v = compute(key, arg);
    if (this.size >= max) {
      this.entries = Object.create(null) as Record<string, unknown>;
      this.size = 0;
    }
    this.entries[key] = v;
    this.size++;
    return v;
  }
}
