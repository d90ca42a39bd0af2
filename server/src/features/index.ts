import type { HostDocument } from '../adapters';
import type { ParseResult } from '../model';
import type { PolicyService } from '../service';
import { codeLenses } from './codeLens';
import { complete } from './completion';
import { hover } from './hover';
import { documentSymbols, foldingSpans } from './symbols';
import type { CompletionResult, FeatureCodeLens, FeatureFold, FeatureHover, FeatureSymbol } from './types';

/**
 * LSP-free entry points of the position features, called by server.ts and the tests with a parse
 * (from the server's cache or PolicyService.parse). Offsets in, spans out.
 */
export type { CompletionResult, FeatureCodeLens, FeatureCompletion, FeatureFold, FeatureHover, FeatureSymbol } from './types';

export function completeAt(service: PolicyService, doc: HostDocument, parse: ParseResult, offset: number): CompletionResult {
  return complete(service.data, doc.text, parse, clamp(offset, doc.text));
}

export function hoverAt(service: PolicyService, doc: HostDocument, parse: ParseResult, offset: number): FeatureHover | undefined {
  return hover(service.data, doc.text, parse, clamp(offset, doc.text));
}

export function symbolsOf(parse: ParseResult): FeatureSymbol[] {
  return documentSymbols(parse);
}

export function foldsOf(parse: ParseResult): FeatureFold[] {
  return foldingSpans(parse);
}

export function lensesOf(service: PolicyService, parse: ParseResult): FeatureCodeLens[] {
  return codeLenses(service.data, parse);
}

function clamp(offset: number, text: string): number {
  return Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, text.length));
}
