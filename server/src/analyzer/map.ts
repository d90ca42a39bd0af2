import { clampSpan, firstLineOf, type Path, type Severity, type Span, type StringNode, type ValueNode } from '../model';
import type { SourceMapEntry } from '../model/serialize';
import { accessAnalyzerDocs, type FindingType } from '../checks/types';
import { AA_CHECKS } from './checksTable';
import type { PreparedPolicy } from './prepare';

/** The parts of a ValidatePolicy finding we read (the SDK's shape, every field optional). */
export interface RawPosition {
  line?: number;
  column?: number;
  offset?: number;
}
export type RawPathElement = { index?: number; key?: string; value?: string; substring?: { start?: number; length?: number } };
export interface RawLocation {
  path?: RawPathElement[];
  span?: { start?: RawPosition; end?: RawPosition };
}
export interface RawFinding {
  findingDetails?: string;
  findingType?: string;
  issueCode?: string;
  learnMoreLink?: string;
  locations?: RawLocation[];
}

export const ANALYZER_SOURCE = 'Access Analyzer';

export interface AnalyzerDiagnostic {
  code: string;
  message: string;
  severity: Severity;
  /** Host span (offset + length into the host text), clamped into it. */
  span: Span;
  href: string;
  source: typeof ANALYZER_SOURCE;
  /** The policy's label (file name, logical id + property). */
  policyLabel: string;
  /** Access Analyzer's finding type as received (ERROR, SECURITY_WARNING, WARNING, SUGGESTION). */
  findingType: string;
  /** True when the finding lies on a value that holds a placeholder (severity is then info). */
  placeholder?: true;
}

const SEVERITY: Record<FindingType, Severity> = { ERROR: 'error', SECURITY_WARNING: 'warning', WARNING: 'warning', SUGGESTION: 'info' };
const AA_REFERENCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

function isFindingType(t: unknown): t is FindingType {
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(SEVERITY, t);
}

/**
 * Resolves a location of the sent text to a source map entry. Built once per prepared policy.
 * Prefers the response's `span` (exact offsets in what was sent); falls back to `path`.
 */
export class SentTextIndex {
  private readonly byRange = new Map<string, SourceMapEntry>();
  private readonly byPath = new Map<string, SourceMapEntry>();
  private readonly nodes = new Map<SourceMapEntry, ValueNode | undefined>();

  constructor(readonly prepared: PreparedPolicy) {
    for (const e of prepared.sourceMap) {
      const rk = `${e.start}:${e.end}:${e.kind}`;
      // entries are pushed innermost first (an alternative before the unknown that holds it)
      if (!this.byRange.has(rk)) this.byRange.set(rk, e);
      const pk = pathKey(e.path, e.kind);
      if (!this.byPath.has(pk)) this.byPath.set(pk, e);
    }
  }

  /** The smallest entry whose sent range contains [start, end) (exact ranges first; values before keys). */
  entryForRange(start: number, end: number): SourceMapEntry | undefined {
    const exact = this.byRange.get(`${start}:${end}:value`) ?? this.byRange.get(`${start}:${end}:key`);
    if (exact) return exact;
    let best: SourceMapEntry | undefined;
    for (const e of this.prepared.sourceMap) {
      if (e.start <= start && end <= e.end && (!best || e.end - e.start < best.end - best.start)) best = e;
    }
    return best;
  }

  /** Walks Access Analyzer's path; stops at the deepest element that exists in the sent policy. */
  entryForPath(path: RawPathElement[]): { entry?: SourceMapEntry; substring?: { start: number; length: number } } {
    const ours: Path = [];
    let entry: SourceMapEntry | undefined;
    for (const el of path) {
      if (typeof el.index === 'number') {
        const next = this.lookup([...ours, el.index], 'value');
        if (next) {
          ours.push(el.index);
          entry = next;
        } else if (el.index !== 0) break; // `Statement` written as one object: AA may still say index 0
      } else if (typeof el.value === 'string' || typeof el.key === 'string') {
        const name = (el.value ?? el.key) as string;
        const kind = typeof el.key === 'string' ? 'key' : 'value';
        const found = this.lookupName(ours, name, kind);
        if (!found) break;
        entry = found.entry;
        ours.push(found.segment);
        if (kind === 'key') break;
      } else if (el.substring && typeof el.substring.start === 'number' && typeof el.substring.length === 'number') {
        return { entry, substring: { start: el.substring.start, length: el.substring.length } };
      }
    }
    return { entry };
  }

  private lookup(path: Path, kind: 'key' | 'value'): SourceMapEntry | undefined {
    return this.byPath.get(pathKey(path, kind));
  }

  private lookupName(parent: Path, name: string, kind: 'key' | 'value'): { entry: SourceMapEntry; segment: string } | undefined {
    const exact = this.lookup([...parent, name], kind);
    if (exact) return { entry: exact, segment: name };
    // Keys are case-insensitive for Access Analyzer (condition keys, operators)
    const lower = name.toLowerCase();
    for (const e of this.prepared.sourceMap) {
      if (e.kind !== kind || e.path.length !== parent.length + 1) continue;
      const last = e.path[e.path.length - 1];
      if (typeof last === 'string' && last.toLowerCase() === lower && pathKey(e.path.slice(0, -1), kind) === pathKey(parent, kind)) return { entry: e, segment: last };
    }
    return undefined;
  }

  /** The model node written at an entry (for exact substring mapping). */
  nodeOf(entry: SourceMapEntry): ValueNode | undefined {
    if (this.nodes.has(entry)) return this.nodes.get(entry);
    let node: ValueNode | undefined = this.prepared.policy.root;
    for (const seg of entry.path) {
      node = child(node, seg);
      if (!node) break;
    }
    // only trust it when it is the node written there (not an alternative with the same path)
    const found = node && node.span.offset === entry.span.offset && node.span.length === entry.span.length ? node : undefined;
    this.nodes.set(entry, found);
    return found;
  }

  /** True when the sent range [start, end) lies inside one placeholder. */
  insidePlaceholder(start: number, end: number): boolean {
    return this.prepared.placeholders.some((p) => p.start <= start && end <= p.end);
  }

  /** True when the entry is a substituted unknown, or a string value with a placeholder inside. */
  holdsPlaceholder(entry: SourceMapEntry): boolean {
    if (entry.kind !== 'value') return false;
    const isString = this.prepared.text[entry.start] === '"';
    return this.prepared.placeholders.some((p) => (p.start === entry.start && p.end === entry.end) || (isString && entry.start <= p.start && p.end <= entry.end));
  }
}

function child(node: ValueNode | undefined, seg: string | number): ValueNode | undefined {
  if (!node) return undefined;
  if (node.kind === 'array' && typeof seg === 'number') return node.items[seg];
  if (node.kind === 'object' && typeof seg === 'string') return node.properties.find((p) => p.key === seg)?.value;
  return undefined;
}

function pathKey(path: Path, kind: 'key' | 'value'): string {
  return kind + '\u0000' + path.map((s) => (typeof s === 'number' ? `#${s}` : `.${s}`)).join('\u0000');
}

/** Host span of a substring [start, start+length) of a string node's value, when it maps 1:1. */
function substringSpan(node: ValueNode | undefined, start: number, length: number): Span | undefined {
  if (!node || node.kind !== 'string' || node.parts || !node.valueSpan) return undefined;
  const s = node as StringNode;
  if (start < 0 || length < 0 || start + length > s.value.length) return undefined;
  return { offset: s.valueSpan!.offset + start, length };
}

/** Offset in the sent text of a position, from its offset or its line/column. */
function sentOffset(pos: RawPosition | undefined, lineStarts: () => number[]): number | undefined {
  if (!pos) return undefined;
  if (typeof pos.offset === 'number' && Number.isInteger(pos.offset)) return pos.offset;
  if (typeof pos.line === 'number' && typeof pos.column === 'number') {
    const starts = lineStarts();
    const ls = starts[pos.line - 1];
    return ls === undefined ? undefined : ls + pos.column;
  }
  return undefined;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** The policy's first line in the host: where findings without a location go. */
export function firstLineSpan(prepared: PreparedPolicy, hostText: string): Span {
  return firstLineOf(prepared.policy.root.span, hostText);
}

export interface MappedLocation {
  span: Span;
  placeholder: boolean;
}

/** One location of the sent text → host span (and whether it lies on a placeholder). */
export function mapLocation(index: SentTextIndex, loc: RawLocation | undefined): MappedLocation | undefined {
  if (!loc) return undefined;
  const text = index.prepared.text;
  let starts: number[] | undefined;
  const ls = () => (starts ??= lineStartsOf(text));
  const s = sentOffset(loc.span?.start, ls);
  const e = sentOffset(loc.span?.end, ls);
  if (s !== undefined && e !== undefined && 0 <= s && s <= e && e <= text.length) {
    const entry = index.entryForRange(s, e);
    if (entry) {
      const placeholder = index.insidePlaceholder(s, e) || index.holdsPlaceholder(entry);
      if (entry.start === s && entry.end === e) return { span: entry.span, placeholder };
      // strictly inside a string value: a substring (quotes excluded), exact when the string maps 1:1
      if (entry.kind === 'value' && text[entry.start] === '"') {
        const node = index.nodeOf(entry);
        const raw = text.slice(entry.start + 1, entry.end - 1);
        if (node && node.kind === 'string' && raw === node.value && s > entry.start && e < entry.end) {
          const sub = substringSpan(node, s - entry.start - 1, e - s);
          if (sub) return { span: sub, placeholder };
        }
      }
      return { span: entry.span, placeholder };
    }
  }
  if (loc.path && loc.path.length) {
    const { entry, substring } = index.entryForPath(loc.path);
    if (entry) {
      const placeholder = index.holdsPlaceholder(entry) || index.insidePlaceholder(entry.start, entry.end);
      if (substring) {
        const sub = substringSpan(index.nodeOf(entry), substring.start, substring.length);
        if (sub) return { span: sub, placeholder };
      }
      return { span: entry.span, placeholder };
    }
  }
  return undefined;
}

/** Title and docs link of a code: the response's link first, then our table, then the reference page. */
export function codeInfo(code: string, learnMoreLink?: string): { href: string; findingType?: FindingType; title?: string } {
  const known = AA_CHECKS[code];
  const link = typeof learnMoreLink === 'string' && /^https:\/\//.test(learnMoreLink) ? learnMoreLink : undefined;
  return {
    href: link ?? (known ? accessAnalyzerDocs(known[0], known[1]) : AA_REFERENCE),
    ...(known ? { findingType: known[0], title: known[1] } : {}),
  };
}

/**
 * A ValidatePolicy finding → diagnostics in the host (one per location; a finding without a
 * location goes on the policy's first line).
 */
export function mapFinding(index: SentTextIndex, finding: RawFinding, hostText: string): AnalyzerDiagnostic[] {
  const code = typeof finding.issueCode === 'string' && finding.issueCode ? finding.issueCode : 'ACCESS_ANALYZER_FINDING';
  const info = codeInfo(code, finding.learnMoreLink);
  const findingType: FindingType = isFindingType(finding.findingType) ? finding.findingType : (info.findingType ?? 'WARNING');
  const details = typeof finding.findingDetails === 'string' && finding.findingDetails ? finding.findingDetails : (info.title ?? code);
  const base = {
    code,
    href: info.href,
    source: ANALYZER_SOURCE,
    policyLabel: index.prepared.policy.label,
    findingType: typeof finding.findingType === 'string' ? finding.findingType : findingType,
  } as const;
  const mapped = (finding.locations ?? []).map((l) => mapLocation(index, l)).filter((m): m is MappedLocation => !!m);
  if (mapped.length === 0) mapped.push({ span: firstLineSpan(index.prepared, hostText), placeholder: false });
  const seen = new Set<string>();
  const out: AnalyzerDiagnostic[] = [];
  for (const m of mapped) {
    const span = clampSpan(m.span, hostText.length);
    const k = `${span.offset}:${span.length}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(
      m.placeholder
        ? { ...base, message: `${details} (Access Analyzer saw a placeholder for a value that is not known here, so this may not apply.)`, severity: 'info', span, placeholder: true }
        : { ...base, message: details, severity: SEVERITY[findingType], span },
    );
  }
  return out;
}
