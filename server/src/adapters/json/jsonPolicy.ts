import { buildPolicyDocument, type ParseResult } from '../../model';
import type { Adapter, AdapterOptions, HostDocument } from '../types';
import { parseJson, toValueNode } from './jsonTree';
import { createJsonEditRenderer } from './jsonEdits';

const JSON_FILE = /\.(json|jsonc|policy)$/i;

function basename(uri: string): string {
  const clean = uri.split(/[?#]/)[0];
  return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1));
}

/**
 * A standalone JSON policy file: a top-level object with a `Statement` key. Any other JSON file
 * (package.json, tsconfig.json) yields no policies and no problems; a syntax error is reported only
 * when the text looks like a policy (has a "Statement" key).
 */
export const jsonPolicyAdapter: Adapter = {
  id: 'json',
  accepts(doc: HostDocument): boolean {
    return doc.languageId === 'json' || doc.languageId === 'jsonc' || JSON_FILE.test(doc.uri.split(/[?#]/)[0]);
  },
  parse(doc: HostDocument, options: AdapterOptions): ParseResult | undefined {
    const { root, problems } = parseJson(doc.text);
    // Detection is by content only: a forced or mapped policy type never turns package.json into a policy.
    const looksLikePolicy = /"Statement"\s*:/.test(doc.text);
    if (!root || root.type !== 'object') {
      return { format: 'json', policies: [], problems: looksLikePolicy ? problems : [] };
    }
    const value = toValueNode(root, [], doc.text);
    const isPolicy = value.kind === 'object' && value.properties.some((p) => p.key === 'Statement');
    if (!isPolicy) return { format: 'json', policies: [], problems: [] };
    const policy = buildPolicyDocument(value, { type: options.policyType, typeSource: 'explicit', label: basename(doc.uri), hostPath: [] });
    return { format: 'json', policies: [policy], problems, renderer: createJsonEditRenderer(doc.text) };
  },
};
