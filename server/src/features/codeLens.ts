import type { ActionRef, IamData } from '../data/iamData';
import { elementStrings, knownString, type ParseResult } from '../model';
import { dataMemo } from '../facts/cache';
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
      const strings = elementStrings(element.value);
      const known = strings.length === 1 ? knownString(strings[0]) : undefined;
      // `*` covers everything, and one pattern is itself: their counts are kept per pattern.
      const single = strings.some((x) => knownString(x) === '*') ? '*' : known;
      let n: number;
      let levels: LevelCounts;
      let unknown = 0;
      if (single !== undefined) {
        n = expand(data, single).length;
        levels = levelsOfPattern(data, single);
      } else {
        const seen = new Set<string>();
        const actions: ActionRef[] = [];
        for (const x of strings) {
          const v = knownString(x);
          if (v === undefined) {
            unknown++;
            continue;
          }
          for (const a of expand(data, v)) {
            const id = `${a.service}:${a.name}`;
            if (seen.has(id)) continue;
            seen.add(id);
            actions.push(a);
          }
        }
        // One classification with hover and fixes: a combined-level action counts under each of its levels.
        levels = countLevels(actions);
        n = actions.length;
      }
      let title = st.action ? `${n} action${n === 1 ? '' : 's'}` : `all actions except ${n}`;
      if (levels.counts.length) title += `: ${levelSummary(levels)}`;
      if (unknown) title += ` (+${unknown} computed)`;
      lenses.push({ span: element.span, title });
    }
  }
  return lenses;
}
