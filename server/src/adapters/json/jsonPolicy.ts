import { LIMITS, buildPolicyDocument, type ParseResult, type ValueNode } from '../../model';
import type { Adapter, AdapterOptions, HostDocument } from '../types';
import { mayHaveTopLevelKey, parseJson } from './jsonTree';
import { createJsonEditRenderer } from './jsonEdits';

const JSON_FILE = /\.(json|jsonc|policy)$/i;
const STATEMENT_KEY = /"Statement"\s*:/;

/** Where the path part of a URI ends (its query or fragment starts). */
function pathEnd(uri: string): number {
  let end = uri.length;
  const q = uri.indexOf('?');
  if (q >= 0) end = q;
  const h = uri.indexOf('#');
  return h >= 0 && h < end ? h : end;
}

function basename(uri: string): string {
  const end = pathEnd(uri);
  const name = uri.slice(uri.lastIndexOf('/', end - 1) + 1, end);
  return name.includes('%') ? decodeURIComponent(name) : name;
}

/** A surrogate code unit (paired or lone): a lone one is written as `\\uXXXX`, 6 characters for 1. */
const SURROGATE = /[\ud800-\udfff]/;

/**
 * An upper bound of the policy's minified size (PolicyDocument.sizeBound), when the text read
 * without a problem (strict JSON: no comment, trailing comma, raw control character, number outside
 * JSON's grammar or value past the depth limit) and holds no surrogate. Minifying such a text drops
 * whitespace and writes each escape in at most its own length (`\u0041` becomes `A`, `\n` stays
 * `\n`); numbers keep their source text (serialize.ts sizeOf). When the one-pass reader read it, the
 * bound is its length less the whitespace outside strings (`blank`), the size itself when the text
 * has no escape; else the length of the root's source text.
 */
function sizeBoundOf(root: ValueNode, problems: number, text: string, blank: number | undefined): number | undefined {
  if (problems !== 0 || SURROGATE.test(text)) return undefined;
  return blank !== undefined ? text.length - blank : root.span.length;
}

/**
 * A standalone JSON policy file: a top-level object with a `Statement` key. Any other JSON file
 * (package.json, tsconfig.json, a data file) yields no policies and no problems; a syntax error is
 * reported only when the text looks like a policy (has a "Statement" key). A large file is first
 * scanned for a top-level `Statement` key, so a file that holds no policy never costs a tree.
 */
export const jsonPolicyAdapter: Adapter = {
  id: 'json',
  accepts(doc: HostDocument): boolean {
    return doc.languageId === 'json' || doc.languageId === 'jsonc' || JSON_FILE.test(doc.uri.slice(0, pathEnd(doc.uri)));
  },
  parse(doc: HostDocument, options: AdapterOptions): ParseResult | undefined {
    // Detection is by content only: a forced or mapped policy type never turns package.json into a policy.
    const looksLikePolicy = STATEMENT_KEY.test(doc.text);
    // A large file needs a top-level Statement key before it costs a tree: the regular expression
    // rules out most files, the key scan (no tree) the rest. Small files are parsed as they are.
    if (doc.text.length > LIMITS.precheckAboveChars && !(looksLikePolicy && mayHaveTopLevelKey(doc.text, ['Statement']))) return { format: 'json', policies: [], problems: [] };
    const { root: value, problems, blank } = parseJson(doc.text);
    if (!value || value.kind !== 'object') {
      return { format: 'json', policies: [], problems: looksLikePolicy ? problems : [] };
    }
    const isPolicy = value.properties.some((p) => p.key === 'Statement');
    if (!isPolicy) return { format: 'json', policies: [], problems: [] };
    // No "${" in the text and no escape ("\u0024{") that could decode to one: no string of the
    // policy holds a policy variable (two native scans; the variable checks are then skipped).
    const noEscape = !doc.text.includes('\\');
    const variableFree = noEscape && !doc.text.includes('${');
    // Read whole by the one-pass reader and without an escape: the bound is the size itself.
    const sizeExact = noEscape && blank !== undefined;
    const policy = buildPolicyDocument(value, { type: options.policyType, typeSource: 'explicit', label: basename(doc.uri), hostPath: [], variableFree, sizeBound: sizeBoundOf(value, problems.length, doc.text, blank), sizeExact });
    return { format: 'json', policies: [policy], problems, renderer: createJsonEditRenderer(doc.text) };
  },
};
