import type { ParseResult, PolicyType } from '../model';

export interface HostDocument {
  uri: string;
  text: string;
  /** Editor language id when known (json, jsonc, yaml, typescript, …). */
  languageId?: string;
}

export interface AdapterOptions {
  /** Policy type forced by a CLI flag or a settings glob; adapters infer it otherwise. */
  policyType?: PolicyType;
}

/**
 * Turns one host format into policy documents. `parse` never throws and returns undefined when the
 * document is not of its format (so the next adapter may try).
 */
export interface Adapter {
  id: string;
  /** Cheap test on file name / language id. */
  accepts(doc: HostDocument): boolean;
  parse(doc: HostDocument, options: AdapterOptions): ParseResult | undefined;
}
