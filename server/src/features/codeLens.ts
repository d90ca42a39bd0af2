import type { ActionRef, IamData } from '../data/iamData';
import { elementStrings, knownString, type ParseResult, type ValueNode } from '../model';
import { dataMemo, nodeDataMemo } from '../facts/cache';
import type { FeatureCodeLens } from './types';
import { countLevels, levelsOfPattern, levelSummary, type LevelCounts } from './accessLevels';

/** A lens per statement summarising what its Action element grants: "12 actions: 9 Read, 3 Write". */

/** Expansions per data instance and lower-cased pattern (memoised in facts/cache.ts): lenses are asked for on every edit. */
function expand(data: IamData, pattern: string): ActionRef[] {
  const key = pattern.toLowerCase();
  return dataMemo(data, 'codeLensExpansions', key, () => data.matchActions(key));
}

export function codeLenses(data: IamData, parse: ParseResult): FeatureCodeLens[] {
  const lenses: FeatureCodeLens[] = [];
  for (const policy of parse.policies) {
    for (const st of policy.statements) {
      const element = st.action ?? st.notAction;
      if (!element) continue;
      const { n, levels, unknown } = countsOf(data, element.value);
      let title = st.action ? `${n} action${n === 1 ? '' : 's'}` : `all actions except ${n}`;
      if (levels.counts.length) title += `: ${levelSummary(levels)}`;
      if (unknown) title += ` (+${unknown} computed)`;
      lenses.push({ span: element.span, title });
    }
  }
  return lenses;
}

/** What an Action/NotAction value covers, per value node (a parse's nodes are not changed) and data set. */
interface Counts {
  n: number;
  levels: LevelCounts;
  /** Values not known as text (computed). */
  unknown: number;
}

/**
 * The counts of an element's actions. Kept per value node (facts/cache.ts): lenses are asked for on
 * every edit, and a parse keeps the nodes of what did not change (a managed policy's list of 4,000
 * patterns took ≈ 10 ms to merge each time).
 */
function countsOf(data: IamData, value: ValueNode): Counts {
  return nodeDataMemo(value, data, 'lensCounts', countActions);
}

function countActions(value: ValueNode, data: IamData): Counts {
  const strings = elementStrings(value);
  const known = strings.length === 1 ? knownString(strings[0]) : undefined;
  // `*` covers everything, and one pattern is itself: their counts are kept per pattern.
  const single = strings.some((x) => knownString(x) === '*') ? '*' : known;
  if (single !== undefined) return { n: expand(data, single).length, levels: levelsOfPattern(data, single), unknown: 0 };
  // The refs are the data's shared records: one per action, so the same ref is the same action.
  const seen = new Set<ActionRef>();
  let unknown = 0;
  for (const x of strings) {
    const v = knownString(x);
    if (v === undefined) {
      unknown++;
      continue;
    }
    for (const a of expand(data, v)) seen.add(a);
  }
  // One classification with hover and fixes: a combined-level action counts under each of its levels.
  return { n: seen.size, levels: countLevels(seen), unknown };
}
