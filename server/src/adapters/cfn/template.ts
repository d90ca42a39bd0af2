import { buildPolicyDocument, getProperty, type HostReference, type ObjectNode, type ParseProblem, type Path, type PolicyDocument, type PolicyType, type StringNode, type ValueNode } from '../../model';
import { joinedText, parseEmbeddedJson } from './embedded';
import { branches, intrinsicOf, isNoValue, resolveValue, subResolver, type ResolveContext, type TemplateSymbols } from './intrinsics';
import { locationsFor, type PolicyLocation } from './locations';
import { collectReferences } from './references';

/**
 * The host-independent part of the CloudFormation adapters: given the raw tree of a template
 * (from YAML or JSON, intrinsics in long form), find every policy the table in locations.ts names
 * and build policy documents with their context type.
 */

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

function isResourceTypeName(v: ValueNode | undefined): boolean {
  return v?.kind === 'string' && /^(AWS|Alexa|Custom)::/.test(v.value);
}

/**
 * A template has `AWSTemplateFormatVersion`, the SAM transform, or a `Resources` map whose entries
 * have `Type: AWS::…`.
 */
export function isTemplate(root: ValueNode | undefined): root is ObjectNode {
  if (!root || root.kind !== 'object') return false;
  if (getProperty(root, 'AWSTemplateFormatVersion')) return true;
  const transform = getProperty(root, 'Transform')?.value;
  const transforms = transform?.kind === 'array' ? transform.items : transform ? [transform] : [];
  if (transforms.some((t) => t.kind === 'string' && t.value === SAM_TRANSFORM)) return true;
  const resources = getProperty(root, 'Resources')?.value;
  if (resources?.kind !== 'object' || resources.properties.length === 0) return false;
  return resources.properties.some((p) => p.value.kind === 'object' && isResourceTypeName(getProperty(p.value, 'Type')?.value));
}

export function collectSymbols(root: ObjectNode): TemplateSymbols {
  const symbols: TemplateSymbols = { parameters: new Map(), resources: new Map() };
  const params = getProperty(root, 'Parameters')?.value;
  if (params?.kind === 'object') {
    for (const p of params.properties) {
      const def = p.value.kind === 'object' ? p.value : undefined;
      const allowed = getProperty(def, 'AllowedValues')?.value;
      const type = getProperty(def, 'Type')?.value;
      const values = allowed?.kind === 'array' && allowed.items.every((i) => i.kind === 'string') ? allowed.items.map((i) => (i as StringNode).value) : undefined;
      symbols.parameters.set(p.key, { allowedValues: values, type: type?.kind === 'string' ? type.value : undefined, node: p });
    }
  }
  const resources = getProperty(root, 'Resources')?.value;
  if (resources?.kind === 'object') {
    for (const p of resources.properties) {
      const type = p.value.kind === 'object' ? getProperty(p.value, 'Type')?.value : undefined;
      symbols.resources.set(p.key, { type: type?.kind === 'string' ? type.value : undefined, node: p });
    }
  }
  const mappings = getProperty(root, 'Mappings')?.value;
  if (mappings?.kind === 'object') symbols.mappings = mappings;
  return symbols;
}

export interface TemplatePolicies {
  policies: PolicyDocument[];
  problems: ParseProblem[];
  symbols: TemplateSymbols;
  /** Ref / GetAtt / Sub references written inside the policies (see references.ts). */
  references: HostReference[];
}

interface Found {
  raw: ValueNode;
  hostPath: Path;
  label: string;
}

/** Follows a location's property path (`Policies[].PolicyDocument`) through Fn::If branches. */
function follow(start: ValueNode, property: string, hostPath: Path, label: string): Found[] {
  let current: Found[] = [{ raw: start, hostPath, label }];
  for (const seg of property.split('.')) {
    const each = seg.endsWith('[]');
    const key = each ? seg.slice(0, -2) : seg;
    const next: Found[] = [];
    for (const f of current) {
      for (const obj of branches(f.raw)) {
        if (obj.kind !== 'object') continue;
        const prop = getProperty(obj, key);
        if (!prop || isNoValue(prop.value)) continue;
        const path = f.hostPath.concat(key);
        const lbl = `${f.label}.${key}`;
        if (!each) {
          next.push({ raw: prop.value, hostPath: path, label: lbl });
          continue;
        }
        for (const list of branches(prop.value)) {
          if (list.kind !== 'array') continue;
          list.items.forEach((item, i) => {
            if (!isNoValue(item)) next.push({ raw: item, hostPath: path.concat(i), label: `${lbl}[${i}]` });
          });
        }
      }
    }
    current = next;
  }
  return current;
}

export function templatePolicies(root: ObjectNode, text: string): TemplatePolicies {
  const steps = templatePolicySteps(root, text);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `templatePolicies` one resource per step: a caller that must not hold the event loop (the
 * cfn-yaml adapter's `prepare` for a large template) gives way between steps. Same result.
 */
export function* templatePolicySteps(root: ObjectNode, text: string): Generator<void, TemplatePolicies, void> {
  const symbols = collectSymbols(root);
  const ctx: ResolveContext = { symbols, text };
  const policies: PolicyDocument[] = [];
  const problems: ParseProblem[] = [];
  const references: HostReference[] = [];
  const resources = getProperty(root, 'Resources')?.value;
  if (resources?.kind !== 'object') return { policies, problems, symbols, references };

  const pushPolicy = (doc: PolicyDocument, loc: PolicyLocation): void => {
    if (loc.resourceElement) doc.resourceElement = loc.resourceElement;
    doc.hostResourceType = loc.resourceType;
    policies.push(doc);
  };

  const add = (raw: ValueNode, found: Found, loc: PolicyLocation, type: PolicyType): void => {
    for (const choice of branches(raw)) {
      collectReferences(choice, references);
      const ctxInfo = {
        type,
        typeSource: 'context' as const,
        resourceType: loc.accessAnalyzerResourceType,
        label: found.label,
        hostPath: found.hostPath,
      };
      const sub = intrinsicOf(choice);
      if (sub && sub.fn === 'Fn::Join') {
        // A JSON policy string assembled with Fn::Join: literal pieces and computed items (holes).
        const [delim, list] = sub.arg.kind === 'array' ? sub.arg.items : [];
        if (delim?.kind !== 'string' || list?.kind !== 'array') continue;
        const first = list.items[0];
        if (first?.kind !== 'string' || !first.value.trimStart().startsWith('{')) continue;
        const joined = joinedText(text, delim.value, delim, list.items, (item) => (intrinsicOf(item) ? holeLabel(text, item) : undefined));
        if (!joined) continue;
        const parsed = parseEmbeddedJson(text, first, joined.text, joined.parts, joined.offsets);
        problems.push(...parsed.problems);
        for (const n of parsed.nodes) n.origin = 'embedded';
        if (parsed.root) pushPolicy(buildPolicyDocument(parsed.root, ctxInfo), loc);
        continue;
      }
      if (choice.kind === 'string' || (sub && sub.fn === 'Fn::Sub')) {
        // A policy written as a JSON string (or a Fn::Sub template of one).
        let source: ValueNode | undefined = choice;
        let vars: ObjectNode | undefined;
        if (sub) {
          source = sub.arg.kind === 'array' ? sub.arg.items[0] : sub.arg;
          const v = sub.arg.kind === 'array' ? sub.arg.items[1] : undefined;
          vars = v?.kind === 'object' ? v : undefined;
        }
        if (source?.kind !== 'string' || !source.value.trimStart().startsWith('{')) continue;
        const parsed = parseEmbeddedJson(text, source, source.value, sub ? subResolver(vars, ctx) : undefined);
        problems.push(...parsed.problems);
        for (const n of parsed.nodes) n.origin = 'embedded';
        if (parsed.root) pushPolicy(buildPolicyDocument(parsed.root, ctxInfo), loc);
        continue;
      }
      if (choice.kind === 'array' && !loc.statementOnly) {
        // A document written as a list of documents: each item with a Statement is read as one.
        choice.items.forEach((item, i) => {
          for (const b of branches(item)) {
            if (b.kind === 'object' && getProperty(b, 'Statement')) add(b, { raw: b, hostPath: found.hostPath.concat(i), label: `${found.label}[${i}]` }, loc, type);
          }
        });
        continue;
      }
      if (choice.kind !== 'object' || intrinsicOf(choice)) continue; // computed elsewhere (GetAtt, Join of text, …)
      if (loc.statementOnly) {
        const statement = resolveValue(choice, ['Statement'], ctx);
        if (statement) pushPolicy(buildPolicyDocument(singleStatementPolicy(statement), ctxInfo), loc);
        continue;
      }
      const model = resolveValue(choice, [], ctx);
      if (model) pushPolicy(buildPolicyDocument(model, ctxInfo), loc);
    }
  };

  for (const res of resources.properties) {
    const def = res.value;
    if (def.kind !== 'object') continue;
    const typeNode = getProperty(def, 'Type')?.value;
    if (typeNode?.kind !== 'string') continue;
    const locs = locationsFor(typeNode.value);
    if (locs.length === 0) continue;
    const props = getProperty(def, 'Properties')?.value;
    if (!props) continue;
    for (const loc of locs) {
      let type: PolicyType;
      if (loc.policyType === 'organizations') {
        const t = props.kind === 'object' ? getProperty(props, 'Type')?.value : undefined;
        const v = t?.kind === 'string' ? t.value : undefined;
        if (v === 'SERVICE_CONTROL_POLICY') type = 'scp';
        else if (v === 'RESOURCE_CONTROL_POLICY') type = 'rcp';
        else continue;
      } else {
        type = loc.policyType;
      }
      for (const found of follow(props, loc.property, ['Resources', res.key, 'Properties'], res.key)) {
        if (loc.sam) {
          for (const doc of samDocuments(found)) add(doc.raw, doc, loc, type);
        } else {
          add(found.raw, found, loc, type);
        }
      }
    }
    yield;
  }
  return { policies, problems, symbols, references };
}

/** A short label of a computed value as written (`!Ref Bucket`). */
function holeLabel(text: string, node: ValueNode): string {
  const s = text.slice(node.span.offset, node.span.offset + Math.min(node.span.length, 200)).replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/**
 * The policy the service builds around a lone statement: `{"Version": "2012-10-17", "Statement": s}`.
 * The wrapper and its Version are made-up nodes (marked derived, zero-length spans at the
 * statement's start) so checks see a complete policy and no edit ever targets them.
 */
function singleStatementPolicy(statement: ValueNode): ObjectNode {
  const at = { offset: statement.span.offset, length: 0 };
  const version: StringNode = { kind: 'string', value: '2012-10-17', span: at, path: ['Version'], origin: 'derived' };
  const root: ObjectNode = {
    kind: 'object',
    span: statement.span,
    path: [],
    origin: 'derived',
    properties: [
      { key: 'Version', keySpan: at, value: version, span: at, path: ['Version'] },
      { key: 'Statement', keySpan: at, value: statement, span: statement.span, path: ['Statement'] },
    ],
  };
  return root;
}

/**
 * SAM `Policies`: a managed policy name/ARN, a policy template (`S3ReadPolicy: {…}`), an inline
 * policy document, or a list of those. Only inline documents (objects with `Statement`) are policies;
 * template names and managed policies are recognised and left alone.
 */
function samDocuments(found: Found): Found[] {
  const out: Found[] = [];
  const consider = (v: ValueNode, hostPath: Path, label: string): void => {
    for (const b of branches(v)) {
      if (b.kind === 'object' && getProperty(b, 'Statement')) out.push({ raw: b, hostPath, label });
    }
  };
  for (const v of branches(found.raw)) {
    if (v.kind === 'array') v.items.forEach((item, i) => consider(item, found.hostPath.concat(i), `${found.label}[${i}]`));
    else consider(v, found.hostPath, found.label);
  }
  return out;
}
