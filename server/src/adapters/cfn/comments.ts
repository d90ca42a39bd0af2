/**
 * How suppressions are written in a CloudFormation / SAM template (the adapter's `suppressions`
 * hook, read by engine/suppressions.ts):
 * - YAML: `# iam-policy-lint-disable-next-line CODE` comments, found by the `yaml` lexer;
 * - both syntaxes: resource Metadata, as cfn-lint users know it,
 *   `Metadata: { iam-policy-lint: { ignore_checks: [CODE] } }`, silencing the codes for every policy
 *   of that resource; a JSON template (no comments) gets its quick fix as a Metadata entry.
 */
import { parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { flowTooDeep } from './yamlTree';
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { TextEdit } from '../../model';
import type { HostRegionSuppression, HostSuppressions } from '../types';
import { hostComments, yamlCommentSites } from '../hostComments';

export const METADATA_KEY = 'iam-policy-lint';
export const METADATA_LIST = 'ignore_checks';

function yamlCodes(list: YamlNode | null | undefined): HostRegionSuppression['codes'] {
  const codes: HostRegionSuppression['codes'] = [];
  const items = isSeq(list) ? list.items : list ? [list] : [];
  for (const it of items) {
    if (isScalar(it) && typeof it.value === 'string' && it.range) codes.push({ code: it.value, span: { offset: it.range[0], length: it.range[1] - it.range[0] } });
  }
  return codes;
}

function yamlMetadata(text: string): HostRegionSuppression[] {
  const out: HostRegionSuppression[] = [];
  if (!text.includes(METADATA_LIST) || flowTooDeep(text) >= 0) return out; // too deep to read safely (yamlTree.ts)
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false });
  } catch {
    return out;
  }
  const resources = isMap(doc.contents) ? doc.contents.get('Resources', true) : undefined;
  if (!isMap(resources)) return out;
  for (const pair of resources.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const res = pair.value;
    if (!id || !isMap(res) || !res.range) continue;
    const meta = res.get('Metadata', true);
    const own = isMap(meta) ? meta.get(METADATA_KEY, true) : undefined;
    const list = isMap(own) ? (own.get(METADATA_LIST, true) as YamlNode | undefined) : undefined;
    const codes = yamlCodes(list);
    if (codes.length) out.push({ label: `resource ${id}`, hostPath: ['Resources', id], span: { offset: res.range[0], length: res.range[1] - res.range[0] }, codes });
  }
  return out;
}

function jsonMetadata(text: string): HostRegionSuppression[] {
  const out: HostRegionSuppression[] = [];
  if (!text.includes(METADATA_LIST) || flowTooDeep(text) >= 0) return out; // too deep to read safely (yamlTree.ts)
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, [], { allowTrailingComma: true });
  } catch {
    return out;
  }
  const resources = root && findNodeAtLocation(root, ['Resources']);
  if (!resources || resources.type !== 'object') return out;
  for (const prop of resources.children ?? []) {
    const [key, res] = prop.children ?? [];
    if (!key || !res || res.type !== 'object') continue;
    const list = findNodeAtLocation(res, ['Metadata', METADATA_KEY, METADATA_LIST]);
    const items = list?.type === 'array' ? (list.children ?? []) : list ? [list] : [];
    const codes = items.filter((n) => n.type === 'string').map((n) => ({ code: String(n.value), span: { offset: n.offset, length: n.length } }));
    const id = String(key.value);
    if (codes.length) out.push({ label: `resource ${id}`, hostPath: ['Resources', id], span: { offset: res.offset, length: res.length }, codes });
  }
  return out;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Metadata entry for a JSON template's resource: appended to an existing ignore_checks list or added as the resource's first key. */
function jsonMetadataEdit(text: string, logicalId: string, code: string): TextEdit | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const res = root && findNodeAtLocation(root, ['Resources', logicalId]);
  if (!res || res.type !== 'object') return undefined;
  const list = findNodeAtLocation(res, ['Metadata', METADATA_KEY, METADATA_LIST]);
  if (list?.type === 'array') {
    const items = list.children ?? [];
    const last = items[items.length - 1];
    return last ? { offset: last.offset + last.length, length: 0, newText: `, ${JSON.stringify(code)}` } : { offset: list.offset + 1, length: 0, newText: JSON.stringify(code) };
  }
  if (findNodeAtLocation(res, ['Metadata'])) return undefined; // a Metadata object of its own: not rewritten here
  const firstKey = res.children?.[0];
  const entry = `"Metadata": { "${METADATA_KEY}": { "${METADATA_LIST}": [${JSON.stringify(code)}] } }`;
  if (!firstKey) return { offset: res.offset + 1, length: 0, newText: ` ${entry} ` };
  const keyStart = firstKey.offset;
  const lineStart = lineStartOf(text, keyStart);
  const between = text.slice(lineStart, keyStart);
  if (/^[ \t]*$/.test(between)) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { offset: keyStart, length: 0, newText: `${entry},${eol}${between}` };
  }
  return { offset: keyStart, length: 0, newText: `${entry}, ` };
}

/** A YAML template: `#` comments (the yaml lexer) and resource Metadata. */
/** The comment sites of the last YAML text asked about: an editor asks for code actions on every cursor move. */
let lastSites: { text: string; sites: ReturnType<typeof yamlCommentSites> } | undefined;

/**
 * Sure from one lex of the unedited text (the common case): a new comment line where a line starts in
 * the lexer's reading, or text appended inside a comment. Otherwise (inside a flow collection, next to
 * a block scalar) false, and the engine lexes the edited text to decide.
 */
function yamlSurelyComment(text: string, edit: TextEdit): boolean {
  if (edit.length !== 0) return false;
  if (lastSites?.text !== text) lastSites = { text, sites: yamlCommentSites(text) };
  const sites = lastSites.sites;
  if (edit.newText.endsWith('\n') && !edit.newText.slice(0, -1).includes('\n') && sites.lineStarts.has(edit.offset)) return true;
  if (/[\r\n]/.test(edit.newText)) return false;
  const start = text.lastIndexOf('\n', edit.offset - 1) + 1;
  return sites.comments.some((c) => c.offset >= start && c.offset < edit.offset && c.offset + c.text.length >= edit.offset);
}

export const CFN_YAML_SUPPRESSIONS: HostSuppressions = {
  comments: { lineMarker: '#', scan: (text) => hostComments(text, 'yaml'), surelyComment: yamlSurelyComment },
  regions: yamlMetadata,
};

/** A JSON template: no comments; resource Metadata, which is also where its quick fix writes. */
export const CFN_JSON_SUPPRESSIONS: HostSuppressions = {
  regions: jsonMetadata,
  regionEdit(text, hostPath, code) {
    if (hostPath[0] !== 'Resources' || typeof hostPath[1] !== 'string') return undefined;
    const edit = jsonMetadataEdit(text, hostPath[1], code);
    return edit ? { title: `Suppress ${code} in resource ${hostPath[1]} (Metadata)`, edit } : undefined;
  },
};
