import type { Span } from '../model';
import type { AnalyzerDiagnostic } from './map';

/** The fields merge needs from an offline diagnostic (PolicyDiagnostic has them). */
export interface OfflineLike {
  code: string | number;
  span: Span;
}

export type Merged<D extends OfflineLike> = (D & { confirmedBy?: 'Access Analyzer' }) | AnalyzerDiagnostic;

function contains(a: Span, b: Span): boolean {
  return a.offset <= b.offset && b.offset + b.length <= a.offset + a.length;
}

/** Same place: equal spans, or one inside the other (e.g. a value with and without its quotes). */
export function sameRange(a: Span, b: Span): boolean {
  return contains(a, b) || contains(b, a);
}

/**
 * Merges our offline diagnostics with Access Analyzer's. Where an offline check reported the same
 * code at the same range (see sameRange), ours is kept — it carries the quick-fix `data`, our
 * message with suggestions and the user's severity override — and is marked `confirmedBy:
 * 'Access Analyzer'`; the Access Analyzer duplicate is dropped. Every other diagnostic of either
 * side is kept. Order: offline first (in their order), then the remaining Access Analyzer ones.
 */
export function mergeDiagnostics<D extends OfflineLike>(offline: readonly D[], analyzer: readonly AnalyzerDiagnostic[]): Merged<D>[] {
  const confirmed = new Set<number>();
  const extra: AnalyzerDiagnostic[] = [];
  for (const a of analyzer) {
    let hit = false;
    offline.forEach((d, i) => {
      if (String(d.code) === a.code && sameRange(d.span, a.span)) {
        confirmed.add(i);
        hit = true;
      }
    });
    if (!hit) extra.push(a);
  }
  const out: Merged<D>[] = offline.map((d, i) => (confirmed.has(i) ? { ...d, confirmedBy: 'Access Analyzer' as const } : d));
  return [...out, ...extra];
}
