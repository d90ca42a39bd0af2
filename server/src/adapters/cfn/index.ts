import type { HostReference, HostSymbol, ParseProblem, ParseResult, PolicyDocument, Span } from '../../model';
import { mayHaveTopLevelKey, parseJson } from '../json/jsonTree';
import type { Adapter, HostDocument } from '../types';
import { isTemplate, templatePolicies } from './template';
import { hostSymbols } from './references';
import { parseYamlIncremental, releaseYamlPieces } from './yamlChunks';
import { guardedRenderer, yamlRenderer } from './yamlEdits';
import { createJsonEditRenderer } from '../json/jsonEdits';

/**
 * CloudFormation / SAM templates in YAML and JSON. Both adapters build the raw template tree in
 * their own syntax and hand it to template.ts, which knows resources, policy locations and
 * intrinsic functions but not the host syntax.
 */

function pathOf(uri: string): string {
  return uri.split(/[?#]/)[0];
}

const YAML_FILE = /\.(ya?ml|template)$/i;
const JSON_FILE = /\.(json|template)$/i;
/** Cheap pre-checks so plain policy files and other YAML never pay for a template parse. */
const YAML_HINT = /(^|\n)['"]?(AWSTemplateFormatVersion|Resources|Transform)['"]?[ \t]*:/;
const JSON_HINT = /"(AWSTemplateFormatVersion|Resources)"\s*:/;
const TEMPLATE_KEYS = ['AWSTemplateFormatVersion', 'Resources'];

function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

export const cfnYamlAdapter: Adapter = {
  id: 'cfn-yaml',
  accepts(doc: HostDocument): boolean {
    if (doc.languageId === 'yaml') return true;
    if (doc.languageId && doc.languageId !== 'plaintext') return false;
    return YAML_FILE.test(pathOf(doc.uri)) && !(/\.template$/i.test(pathOf(doc.uri)) && looksLikeJson(doc.text));
  },
  release: releaseYamlPieces,
  parse(doc: HostDocument): ParseResult | undefined {
    if (!YAML_HINT.test(doc.text)) return undefined;
    const tree = parseYamlIncremental(doc.text, doc.uri);
    const policies: PolicyDocument[] = [];
    const problems: ParseProblem[] = [];
    let anyTemplate = false;
    const symbols: HostSymbol[] = [];
    const references: HostReference[] = [];
    for (const { root } of tree.roots) {
      if (!isTemplate(root)) continue;
      anyTemplate = true;
      const t = templatePolicies(root, doc.text);
      policies.push(...t.policies.filter((p) => !runsIntoSkipped(p, tree.skipped, doc.text)));
      problems.push(...t.problems);
      symbols.push(...hostSymbols(t.symbols));
      references.push(...t.references);
    }
    // A broken file that says it is a template still gets its syntax errors.
    if (!anyTemplate && !/(^|\n)['"]?AWSTemplateFormatVersion['"]?[ \t]*:/.test(doc.text)) return undefined;
    problems.unshift(...tree.problems);
    return { format: 'cfn-yaml', policies, problems, renderer: yamlRenderer(doc.text), symbols, references };
  },
};

/**
 * A policy whose text runs into a region the YAML reader left out to get past a syntax error:
 * the region starts inside the policy's span or right after it (only whitespace between). Such a
 * policy is incomplete; checking it would only add follow-ons to the syntax error.
 */
function runsIntoSkipped(policy: PolicyDocument, skipped: readonly Span[] | undefined, text: string): boolean {
  if (!skipped?.length) return false;
  const { offset, length } = policy.root.span;
  const end = offset + length;
  return skipped.some((r) => r.offset >= offset && (r.offset <= end || text.slice(end, r.offset).trim() === ''));
}

export const cfnJsonAdapter: Adapter = {
  id: 'cfn-json',
  accepts(doc: HostDocument): boolean {
    if (doc.languageId === 'json' || doc.languageId === 'jsonc') return true;
    return JSON_FILE.test(pathOf(doc.uri)) && (!/\.template$/i.test(pathOf(doc.uri)) || looksLikeJson(doc.text));
  },
  parse(doc: HostDocument): ParseResult | undefined {
    // A large file is scanned for top-level template keys before any tree is built.
    if (!JSON_HINT.test(doc.text) || !mayHaveTopLevelKey(doc.text, TEMPLATE_KEYS)) return undefined;
    const { root: value, problems } = parseJson(doc.text);
    if (!isTemplate(value)) return undefined;
    const t = templatePolicies(value, doc.text);
    return {
      format: 'cfn-json',
      policies: t.policies,
      problems: [...problems, ...t.problems],
      renderer: guardedRenderer(createJsonEditRenderer(doc.text)),
      symbols: hostSymbols(t.symbols),
      references: t.references,
    };
  },
};
