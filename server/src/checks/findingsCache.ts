import type { Path, PolicyDocument, Span, ValueNode } from '../model';
import type { Finding } from './types';

/**
 * Per-policy findings cache. Checks are pure functions of (policy model, reference data, rules), so
 * a policy whose model is identical to one seen before — except that every offset moved by the
 * same amount (an edit above it) — has the same findings, moved by that amount.
 *
 * The fingerprint is a structural serialization of the policy: every field of every node of the
 * model (values, kinds, raw literals, partial-string parts, unknown labels and alternatives,
 * paths, spans with offsets relative to the policy root), the statement views, and the policy's
 * type, typeSource, resourceType, label and hostPath. FINGERPRINTED_FIELDS lists the node fields
 * read; test/findingsCache.test.ts fails when an adapter sets a field outside that list, so a new
 * field cannot silently escape the fingerprint.
 *
 * Findings whose `data` carries host offsets cannot be shifted blindly; such policies are not cached.
 */

const OFFSET_KEY = 'offset';

/** Every field of the model's node types that the fingerprint reads (a test checks adapters set no others). */
export const FINGERPRINTED_FIELDS = {
  node: ['kind', 'span', 'path', 'value', 'raw', 'parts', 'valueSpan', 'label', 'alternatives', 'items', 'properties'],
  property: ['key', 'keySpan', 'value', 'span', 'path'],
  policy: ['root', 'type', 'typeSource', 'resourceType', 'label', 'hostPath', 'version', 'id', 'statementProperty', 'statements'],
  statement: ['index', 'node', 'path', 'sid', 'effect', 'principal', 'notPrincipal', 'action', 'notAction', 'resource', 'notResource', 'condition'],
} as const;

const SEP = '\u0001';

function pathKey(path: Path): string {
  let s = '';
  for (const seg of path) s += (typeof seg === 'number' ? '#' + seg : seg) + SEP;
  return s;
}

/**
 * Structural fingerprint of a policy with offsets relative to `base` (the root's offset).
 * Written for speed (it runs on every policy of a document on every edit): one string built by
 * concatenation over the model's known node fields.
 */
export function policyFingerprint(policy: PolicyDocument, base = policy.root.span.offset): string {
  const span = (sp: Span | undefined): string => (sp ? sp.offset - base + ',' + sp.length + ';' : 'u;');
  // A node's path is written only where it is not its parent's path plus its key or index (the
  // usual case), which keeps the fingerprint short; the comparison allocates nothing.
  const pathOf = (path: Path, parent: Path | undefined, seg: string | number | undefined): string => {
    if (parent && seg !== undefined && path.length === parent.length + 1 && path[parent.length] === seg) {
      let same = true;
      for (let i = 0; i < parent.length; i++) {
        if (path[i] !== parent[i]) {
          same = false;
          break;
        }
      }
      if (same) return '';
    }
    return '@' + pathKey(path);
  };
  const value = (n: ValueNode, depth: number, parent: Path | undefined, seg: string | number | undefined): string => {
    if (depth > 100) return '!';
    let s = n.kind + span(n.span) + pathOf(n.path, parent, seg);
    switch (n.kind) {
      case 'string':
        s += n.value.length + ':' + n.value + span(n.valueSpan);
        if (n.parts) {
          s += 'P';
          for (const part of n.parts) s += 'text' in part ? 't' + part.text.length + ':' + part.text : 'h' + part.hole.length + ':' + part.hole;
        }
        return s;
      case 'number':
        return s + n.value + '|' + n.raw.length + ':' + n.raw;
      case 'boolean':
        return s + (n.value ? 'T' : 'F');
      case 'null':
        return s;
      case 'array':
        s += '[';
        for (let i = 0; i < n.items.length; i++) s += value(n.items[i], depth + 1, n.path, i);
        return s + ']';
      case 'object':
        s += '{';
        for (const p of n.properties) {
          s += p.key.length + ':' + p.key + span(p.keySpan) + span(p.span) + pathOf(p.path, n.path, p.key) + value(p.value, depth + 1, p.path, p.key);
        }
        return s + '}';
      case 'unknown':
        s += n.label.length + ':' + n.label;
        if (n.alternatives) {
          s += '<';
          // An alternative stands where the choice stands: same path when the adapter says so.
          for (const alt of n.alternatives) s += value(alt, depth + 1, undefined, undefined);
          s += '>';
        }
        return s;
      default:
        return s + '?';
    }
  };
  // The statements and element properties are views built from the root (buildPolicyDocument):
  // only their identity (which property of the root they are) can differ, and it follows from the root.
  let s = policy.type + SEP + policy.typeSource + SEP + (policy.resourceType ?? '') + SEP + policy.label + SEP + pathKey(policy.hostPath) + SEP;
  s += policy.statements.length + ':';
  for (const st of policy.statements) s += st.index + ',' + span(st.node.span) + pathKey(st.path);
  return s + value(policy.root, 0, undefined, undefined);
}

/** True when a value holds an `offset` key anywhere (host offsets that shifting would not update). */
function hasOffsets(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object' || depth > 20) return false;
  if (Array.isArray(v)) return v.some((x) => hasOffsets(x, depth + 1));
  for (const k in v as Record<string, unknown>) {
    if (k === OFFSET_KEY) return true;
    if (hasOffsets((v as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

interface Entry {
  base: number;
  findings: Finding[];
}

export class FindingsCache {
  private readonly map = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 2000) {}

  /**
   * The findings of `policy` under a configuration key (rules, data version): from the cache,
   * shifted to the policy's current offsets, or computed by `run` and remembered.
   */
  get(policy: PolicyDocument, configKey: string, run: () => Finding[]): Finding[] {
    const base = policy.root.span.offset;
    const key = configKey + '\u0000' + policyFingerprint(policy, base);
    const entry = this.map.get(key);
    if (entry) {
      this.hits++;
      // Most recently used last.
      this.map.delete(key);
      this.map.set(key, entry);
      const delta = base - entry.base;
      return entry.findings.map((f) => ({ ...f, span: { offset: f.span.offset + delta, length: f.span.length } }));
    }
    this.misses++;
    const findings = run();
    if (!findings.some((f) => f.data !== undefined && hasOffsets(f.data))) {
      this.map.set(key, { base, findings: findings.map((f) => ({ ...f, span: { ...f.span } })) });
      if (this.map.size > this.capacity) {
        const oldest = this.map.keys().next().value;
        if (oldest !== undefined) this.map.delete(oldest);
      }
    }
    return findings;
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
