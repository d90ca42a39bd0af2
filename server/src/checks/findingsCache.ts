import type * as Crypto from 'crypto';
import type { Path, PolicyDocument, Span, ValueNode } from '../model';
import type { Finding } from './types';
import { clearShift, movesOf, shiftOf, type PolicyShift } from '../model/derived';

/**
 * Per-policy findings cache. Checks are pure functions of (policy model, reference data, rules), so
 * a policy whose model is identical to one seen before — except that every offset moved by the
 * same amount (an edit above it) — has the same findings, moved by that amount.
 *
 * The fingerprint is a structural serialization of the policy: every field of every node of the
 * model (values, kinds, raw literals, partial-string parts, unknown labels and alternatives,
 * paths, spans with offsets relative to the policy root), the statement views, and the policy's
 * type, typeSource, resourceType, hostResourceType, resourceElement, variableFree, sizeBound, sizeExact, label and hostPath. FINGERPRINTED_FIELDS lists the node fields
 * read; test/findingsCache.test.ts fails when an adapter sets a field outside that list, so a new
 * field cannot silently escape the fingerprint.
 *
 * Findings whose `data` carries host offsets cannot be shifted blindly; such policies are not cached.
 */

const OFFSET_KEY = 'offset';

/** Every field of the model's node types that the fingerprint reads (a test checks adapters set no others). */
export const FINGERPRINTED_FIELDS = {
  node: ['kind', 'span', 'path', 'origin', 'value', 'raw', 'parts', 'valueSpan', 'label', 'alternatives', 'items', 'properties'],
  property: ['key', 'keySpan', 'value', 'span', 'path'],
  policy: ['root', 'type', 'typeSource', 'resourceType', 'hostResourceType', 'resourceElement', 'variableFree', 'sizeBound', 'sizeExact', 'label', 'hostPath', 'version', 'id', 'statementProperty', 'statements'],
  statement: ['index', 'node', 'path', 'sid', 'effect', 'principal', 'notPrincipal', 'action', 'notAction', 'resource', 'notResource', 'condition'],
} as const;

const SEP = '\u0001';

function pathKey(path: Path): string {
  let s = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    s += (typeof seg === 'number' ? '#' + seg : seg) + SEP;
  }
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
    let s = n.kind + (n.origin ? n.origin[0] : '') + span(n.span) + pathOf(n.path, parent, seg);
    switch (n.kind) {
      case 'string':
        s += n.value.length + ':' + n.value + span(n.valueSpan);
        if (n.parts) {
          s += 'P';
          const parts = n.parts;
          for (let k = 0; k < parts.length; k++) {
            const part = parts[k];
            s += 'text' in part ? 't' + part.text.length + ':' + part.text : 'h' + part.hole.length + ':' + part.hole;
          }
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
        for (let j = 0; j < n.properties.length; j++) {
          const p = n.properties[j];
          s += p.key.length + ':' + p.key + span(p.keySpan) + span(p.span) + pathOf(p.path, n.path, p.key) + value(p.value, depth + 1, p.path, p.key);
        }
        return s + '}';
      case 'unknown':
        s += n.label.length + ':' + n.label;
        if (n.alternatives) {
          s += '<';
          // An alternative stands where the choice stands: same path when the adapter says so.
          const alternatives = n.alternatives;
          for (let m = 0; m < alternatives.length; m++) {
            const alt = alternatives[m];
            s += value(alt, depth + 1, undefined, undefined);
          }
          s += '>';
        }
        return s;
      default:
        return s + '?';
    }
  };
  // The statements and element properties are views built from the root (buildPolicyDocument):
  // only their identity (which property of the root they are) can differ, and it follows from the root.
  let s = policy.type + SEP + policy.typeSource + SEP + (policy.resourceType ?? '') + SEP + (policy.hostResourceType ?? '') + SEP + (policy.resourceElement ?? '') + SEP + (policy.variableFree ? 'v' : '') + SEP + (policy.sizeBound ?? '') + (policy.sizeExact ? '=' : '') + SEP + policy.label + SEP + pathKey(policy.hostPath) + SEP;
  s += policy.statements.length + ':';
  const statements = policy.statements;
  for (let k = 0; k < statements.length; k++) {
    const st = statements[k];
    s += st.index + ',' + span(st.node.span) + pathKey(st.path);
  }
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
  /** Approximate bytes held (key + findings), for the byte budget. */
  bytes: number;
  /** Documents whose latest validation used this entry (see retain/release). */
  owners: Set<string> | undefined;
}

/**
 * Policies longer than this (host characters) bypass the cache: fingerprinting a 5 MB policy of
 * 30,000 statements (a 6 MB string and its SHA-256) cost about a quarter of validating it, and a
 * one-policy document that large changes with every edit. Far above any quota (a managed policy is
 * at most 6,144 characters, a template 1 MB in all).
 */
export const MAX_CACHED_POLICY_CHARS = 512 * 1024;

/** Fingerprints longer than this are kept as a SHA-256 digest: the key of a 1 MB policy must not weigh 1 MB. */
const MAX_RAW_KEY = 256;

/**
 * The SHA-256 of a long fingerprint, base64. Node's `crypto` is loaded on the first long key, not
 * at start-up (≈ 2.5 ms of a one-file CLI run, which turns this cache off and never hashes).
 */
let createHash: typeof Crypto.createHash | undefined;
function sha256Base64(raw: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, not at start-up
  createHash ??= (require('crypto') as typeof Crypto).createHash;
  return createHash('sha256').update(raw).digest('base64');
}

export interface FindingsCacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  owners: number;
  hits: number;
  misses: number;
}

/**
 * Bounded by bytes (keys and findings, approximated) and by entry count, least recently used out
 * first. The server names an owner (the document URI) per validation: `retain` keeps, for that
 * owner, exactly the entries its latest validation used, and `release` (on close) drops the
 * owner's entries that no other document uses — a closed document leaves nothing behind.
 */
export class FindingsCache {
  private readonly map = new Map<string, Entry>();
  private readonly byOwner = new Map<string, Set<string>>();
  private totalBytes = 0;
  hits = 0;
  misses = 0;
  /** Validations of policies too large for the cache (MAX_CACHED_POLICY_CHARS). */
  bypassed = 0;

  constructor(
    private readonly capacity = 2000,
    readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  /**
   * Keys already computed, per policy object (policies are immutable), also reached through a
   * policy the adapter re-created by shifting every span of this one by the same amount
   * (model/derived.ts): the fingerprint has offsets relative to the root, so it is the same.
   */
  private readonly keys = new WeakMap<PolicyDocument, { configKey: string; key: string; moves: number }>();

  /** The key remembered for a policy, unless the policy was moved unevenly in place since (`movesOf`). */
  private keyEntry(policy: PolicyDocument): { configKey: string; key: string; moves: number } | undefined {
    const k = this.keys.get(policy);
    return k && k.moves === movesOf(policy) ? k : undefined;
  }
  private derivedKeys = 0;

  /** The cache key of a policy under a configuration key (exposed for `retain`). */
  keyOf(policy: PolicyDocument, configKey: string): string {
    const shift = shiftOf(policy);
    // A policy moved unevenly in place (a pending shift onto itself): its last key is stale.
    const src = shift?.from === policy ? undefined : (this.keyEntry(policy) ?? (shift?.uniform ? this.keyEntry(shift.from) : undefined));
    if (src && src.configKey === configKey) {
      this.keys.set(policy, { configKey, key: src.key, moves: movesOf(policy) });
      return src.key;
    }
    const raw = configKey + '\u0000' + policyFingerprint(policy, policy.root.span.offset);
    const key = raw.length > MAX_RAW_KEY ? 'sha256:' + sha256Base64(raw) : raw;
    // (not remembered while a move is pending: `get` maps the findings of the key from before it)
    if (shift?.from !== policy) this.keys.set(policy, { configKey, key, moves: movesOf(policy) });
    return key;
  }

  /**
   * The findings of `policy` under a configuration key (rules, data version): from the cache,
   * shifted to the policy's current offsets, or computed by `run` and remembered. `used`, when
   * given, collects the key (for `retain`).
   */
  get(policy: PolicyDocument, configKey: string, run: () => Finding[], used?: Set<string>): Finding[] {
    // A policy past the size where a fingerprint costs as much as its checks (whose work is bounded
    // by LIMITS.maxStatements) is checked without the cache: any edit inside it changes it anyway.
    if (policy.root.span.length > MAX_CACHED_POLICY_CHARS) {
      this.bypassed++;
      return run();
    }
    const base = policy.root.span.offset;
    let shift = shiftOf(policy);
    if (shift && shift.from === policy) {
      // Moved unevenly in place by the adapter since its last findings (model/derived.ts): those
      // findings, each end mapped as the adapter mapped the model's offsets. Taken once.
      clearShift(policy);
      const src = this.keys.get(policy);
      this.keys.delete(policy);
      // (the key must be from before the first of the noted moves: another cache may have taken earlier ones)
      const from = src && src.configKey === configKey && src.moves === shift.baseMoves ? this.map.get(src.key) : undefined;
      if (from && shift.base !== undefined) return this.derive(policy, configKey, shift, shift.base - from.base, from, used);
      shift = undefined;
    } else if (shift && (shift.uniform || this.keyEntry(policy))) shift = undefined;
    if (shift) {
      // A copy whose offsets moved unevenly (a variable it follows lies before an edit, its statement
      // after it): the original's findings, each end mapped as the adapter mapped the model's offsets.
      const src = this.keyEntry(shift.from);
      const from = src && src.configKey === configKey ? this.map.get(src.key) : undefined;
      if (from) return this.derive(policy, configKey, shift, shift.from.root.span.offset - from.base, from, used);
    }
    const key = this.keyOf(policy, configKey);
    used?.add(key);
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
      // A deep copy with strings of their own: messages and data are often slices of the document
      // text, which would keep every cached version of a document alive.
      const json = JSON.stringify(findings);
      const bytes = 2 * key.length + 2 * json.length + 96 * findings.length + 64;
      // One policy's findings larger than a quarter of the budget are not worth evicting everything for.
      if (bytes <= this.maxBytes / 4) {
        this.map.set(key, { base, findings: JSON.parse(json) as Finding[], bytes, owners: undefined });
        this.totalBytes += bytes;
        this.evict();
      }
    }
    return findings;
  }

  /**
   * The findings of `from` (an entry of the policy `shift` derives from) moved by `d` into the
   * coordinates before the shift, then mapped by it; kept under a key of their own (the
   * fingerprint is not computed: offsets relative to the root differ from the original's).
   */
  private derive(policy: PolicyDocument, configKey: string, shift: PolicyShift, d: number, from: Entry, used: Set<string> | undefined): Finding[] {
    const findings = from.findings.map((f) => {
      const start = shift.map(f.span.offset + d);
      return { ...f, span: { offset: start, length: Math.max(0, shift.map(f.span.offset + d + f.span.length) - start) } };
    });
    const key = `derived:${++this.derivedKeys}`;
    this.keys.set(policy, { configKey, key, moves: movesOf(policy) });
    this.hits++;
    used?.add(key);
    this.map.set(key, { base: policy.root.span.offset, findings: JSON.parse(JSON.stringify(findings)) as Finding[], bytes: from.bytes, owners: undefined });
    this.totalBytes += from.bytes;
    this.evict();
    return findings;
  }

  /** The owner (a document) now holds exactly the entries under `keys`; entries it no longer uses and nobody else holds go. */
  retain(owner: string, keys: Set<string>): void {
    const previous = this.byOwner.get(owner);
    if (previous) {
      for (const key of previous) {
        if (keys.has(key)) continue;
        const e = this.map.get(key);
        if (!e?.owners) continue;
        e.owners.delete(owner);
        if (e.owners.size === 0) this.delete(key, e);
      }
    }
    const held = new Set<string>();
    for (const key of keys) {
      const e = this.map.get(key);
      if (!e) continue;
      (e.owners ??= new Set()).add(owner);
      held.add(key);
    }
    if (held.size) this.byOwner.set(owner, held);
    else this.byOwner.delete(owner);
  }

  /** Forgets an owner (its document was closed): its entries go unless another document holds them. */
  release(owner: string): void {
    this.retain(owner, new Set());
  }

  private delete(key: string, e: Entry): void {
    this.map.delete(key);
    this.totalBytes -= e.bytes;
    if (e.owners) {
      for (const o of e.owners) {
        const set = this.byOwner.get(o);
        set?.delete(key);
        if (set && set.size === 0) this.byOwner.delete(o);
      }
    }
  }

  private evict(): void {
    while (this.map.size > this.capacity || (this.totalBytes > this.maxBytes && this.map.size > 0)) {
      const oldest = this.map.keys().next().value as string;
      this.delete(oldest, this.map.get(oldest)!);
    }
  }

  clear(): void {
    this.map.clear();
    this.byOwner.clear();
    this.totalBytes = 0;
  }

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  stats(): FindingsCacheStats {
    return { entries: this.map.size, bytes: this.totalBytes, maxBytes: this.maxBytes, owners: this.byOwner.size, hits: this.hits, misses: this.misses };
  }
}
