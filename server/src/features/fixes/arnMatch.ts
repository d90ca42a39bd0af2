/**
 * Whether a policy Resource ARN (with IAM wildcards `*` and `?`) can name a resource of a type
 * whose ARN format is a template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`): is there
 * a string both describe? A template hole stands for one or more characters; it may contain `/`
 * only after the first `/` of the resource part (object keys, role paths), never `:`.
 * Used to keep the actions of a wildcard that apply to a statement's resources.
 *
 * TODO: switch to data/arn.ts when the shared ARN matcher lands.
 */

type Tok = { lit: string } | { star: true } | { one: true } | { hole: true; slash: boolean };

function policyTokens(arn: string): Tok[] {
  const out: Tok[] = [];
  for (const c of arn) out.push(c === '*' ? { star: true } : c === '?' ? { one: true } : { lit: c.toLowerCase() });
  return out;
}

function templateTokens(template: string): Tok[] {
  const out: Tok[] = [];
  let colons = 0;
  let slashSeen = false;
  for (let i = 0; i < template.length; i++) {
    if (template.startsWith('${', i)) {
      const end = template.indexOf('}', i);
      if (end > i) {
        out.push({ hole: true, slash: slashSeen });
        i = end;
        continue;
      }
    }
    const c = template[i];
    if (c === ':') colons++;
    if (c === '/' && colons >= 5) slashSeen = true;
    out.push({ lit: c.toLowerCase() });
  }
  return out;
}

const MAX = 512;

/** True when some concrete ARN matches both the policy ARN pattern and the resource type's template. */
export function arnPatternsIntersect(policyArn: string, template: string): boolean {
  if (policyArn === '*') return true;
  if (policyArn.length > MAX || template.length > MAX) return false;
  const a = policyTokens(policyArn);
  const b = templateTokens(template);
  // memo[i][j]: can a[i..] and b[j..] describe a common string; a hole at b[j] may be "open" (has consumed ≥1 char).
  const memo = new Map<number, boolean>();
  const key = (i: number, j: number, open: number): number => (i * (b.length + 1) + j) * 2 + open;
  const go = (i: number, j: number, open: number): boolean => {
    const k = key(i, j, open);
    const m = memo.get(k);
    if (m !== undefined) return m;
    memo.set(k, false);
    let r = false;
    const ta = a[i];
    const tb = b[j];
    if (!ta && !tb) r = true;
    else if (ta && 'star' in ta) {
      // `*` matches nothing more, or eats the next character/hole-char of the template.
      r = go(i + 1, j, open) || (!!tb && ('lit' in tb ? go(i, j + 1, 0) : go(i, j, 1) || (open === 1 && go(i, j + 1, 0))));
    } else if (tb && 'hole' in tb) {
      // A hole may end (once it has a character) or eat one more character of the policy ARN.
      if (open === 1 && go(i, j + 1, 0)) r = true;
      else if (ta && ('one' in ta || ('lit' in ta && ta.lit !== ':' && (tb.slash || ta.lit !== '/')))) r = go(i + 1, j, 1);
    } else if (ta && tb && 'lit' in tb) {
      r = 'one' in ta || ('lit' in ta && ta.lit === tb.lit) ? go(i + 1, j + 1, 0) : false;
    }
    memo.set(k, r);
    return r;
  };
  return go(0, 0, 0);
}
