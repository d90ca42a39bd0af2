/**
 * The format-independent policy model. Every host format (JSON policy file, CloudFormation
 * template, CDK source) is turned into these types by an adapter. Everything downstream of the
 * adapters (checks, completion, hover, fixes, Access Analyzer mapping) sees only this model.
 *
 * Invariant: every node carries a `span` (offset + length into the *host* text) and a `path`
 * (segments from the policy document root, e.g. ['Statement', 2, 'Action', 0]).
 */

export interface Span {
  offset: number;
  length: number;
}

export type PathSegment = string | number;
export type Path = PathSegment[];

export type PolicyType = 'identity' | 'resource' | 'trust' | 'scp' | 'rcp' | 'boundary' | 'session';
export const POLICY_TYPES: readonly PolicyType[] = ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session'];

/**
 * Where a node's value comes from, when it is not simply written in the host at its span:
 * 'derived' — computed by the adapter (an intrinsic's result, a made-up wrapper), never edited;
 * 'embedded' — read from a policy written as a JSON string inside the host, edited only where the
 * characters map 1:1. Absent: written in the host text at `span`.
 */
export type NodeOrigin = 'derived' | 'embedded';

interface NodeBase {
  span: Span;
  path: Path;
  origin?: NodeOrigin;
}

/**
 * A string value. `parts` is present when the value is only partially known (a CloudFormation
 * `!Sub` with references, a CDK template literal): known text and unknown holes in order.
 * `value` is then the known text with each hole rendered as `${?}` — checks that need the exact
 * value must call `knownString()` which returns undefined for partial strings.
 * `valueSpan` is the span of the string's content in the host text when each character maps 1:1
 * (no escapes, quotes excluded); undefined otherwise.
 */
export interface StringNode extends NodeBase {
  kind: 'string';
  value: string;
  parts?: StringPart[];
  valueSpan?: Span;
}

export type StringPart = { text: string } | { hole: string };

export interface NumberNode extends NodeBase {
  kind: 'number';
  value: number;
  /** The literal as written in the host (so checks can see `1.0` vs `1`). */
  raw: string;
}

export interface BooleanNode extends NodeBase {
  kind: 'boolean';
  value: boolean;
}

export interface NullNode extends NodeBase {
  kind: 'null';
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  items: ValueNode[];
}

export interface PropertyNode {
  key: string;
  keySpan: Span;
  value: ValueNode;
  /** Span of key and value together. */
  span: Span;
  path: Path;
}

/** Properties keep duplicates and source order: checks need them. */
export interface ObjectNode extends NodeBase {
  kind: 'object';
  properties: PropertyNode[];
}

/**
 * A value the adapter could not resolve (a `!Ref`, `!GetAtt`, a CDK variable). `alternatives`
 * are the possible values when the host expresses a choice (`Fn::If`): checks look at each.
 * `label` is a short human description (`!Ref BucketArn`).
 */
export interface UnknownNode extends NodeBase {
  kind: 'unknown';
  label: string;
  alternatives?: ValueNode[];
}

export type ValueNode = StringNode | NumberNode | BooleanNode | NullNode | ArrayNode | ObjectNode | UnknownNode;

/** The IAM policy elements of a statement, first occurrence of each (exact-case key match). */
export interface Statement {
  index: number;
  /** The statement value; an object for a well-formed statement. */
  node: ValueNode;
  path: Path;
  sid?: PropertyNode;
  effect?: PropertyNode;
  principal?: PropertyNode;
  notPrincipal?: PropertyNode;
  action?: PropertyNode;
  notAction?: PropertyNode;
  resource?: PropertyNode;
  notResource?: PropertyNode;
  condition?: PropertyNode;
}

export type TypeSource = 'explicit' | 'context' | 'inferred';

export interface PolicyDocument {
  /** The policy object (or whatever value stood where a policy was expected). */
  root: ValueNode;
  type: PolicyType;
  typeSource: TypeSource;
  /** Access Analyzer's `validatePolicyResourceType` (e.g. AWS::S3::Bucket), when the host says. */
  resourceType?: string;
  /**
   * The host resource that holds the policy, when the host says (CloudFormation `AWS::IAM::Role`,
   * `AWS::IAM::ManagedPolicy`, …): tells an identity policy's kind (managed, or inline of a
   * role, user or group) and so its size quota (facts/quotas.ts).
   */
  hostResourceType?: string;
  /** Human label (file name, CloudFormation logical id + property). */
  label: string;
  /**
   * 'implicit' where the host says the policy applies to the resource it is attached to and its
   * statements name no Resource (ECR repository policies); absent otherwise.
   */
  resourceElement?: 'implicit';
  /** Path of the policy inside the host document (e.g. ['Resources','Role','Properties','AssumeRolePolicyDocument']). */
  hostPath: Path;
  /**
   * True when the host saw that no string of the policy can hold a policy variable: its text has no
   * `${` and no escape that could spell one (the JSON adapter; other hosts leave it unset). The
   * engine then skips the variable checks (CheckMeta.requires 'Variable').
   */
  variableFree?: true;
  /**
   * An upper bound the host proved for the policy's size as AWS counts it (model/serialize.ts
   * policySize: characters of its minified JSON), or undefined. The JSON adapter sets the length
   * of the policy's source text when that text is strict JSON with no surrogate code unit: then
   * minifying only drops whitespace and shortens escapes. The size checks do not measure a policy
   * whose bound is within their quota.
   */
  sizeBound?: number;
  /**
   * True when sizeBound is the size itself (the JSON adapter: strict JSON read whole, with no escape
   * and no surrogate, so minifying only drops its whitespace): the size checks then do not measure.
   */
  sizeExact?: true;
  version?: PropertyNode;
  id?: PropertyNode;
  statementProperty?: PropertyNode;
  statements: Statement[];
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A problem found while parsing the host text (syntax errors). */
export type ParseProblem = Pick<import('./diagnostics').PolicyDiagnostic, 'code' | 'message' | 'span' | 'severity'>;

export interface ParseResult {
  /** Which adapter produced it ('json', 'cfn-yaml', …); empty list of policies when the file is not a policy host. */
  format: string;
  policies: PolicyDocument[];
  problems: ParseProblem[];
  /** Renders model-level edit intents in this host's syntax (see edits.ts); absent when the host is read-only. */
  renderer?: import('./edits').EditRenderer;
  /**
   * Names that values in the host may refer to (template parameters, resources, pseudo
   * parameters, …), for completion and hover of references. Format-neutral: features read
   * `kind`/`detail`/`documentation` without knowing the host.
   */
  symbols?: HostSymbol[];
  /** Places inside policies where the host text names a symbol (the written name's span). */
  references?: HostReference[];
  /** Hover text the adapter attaches to host code outside policies (CDK grant calls). */
  notes?: HostNote[];
  /**
   * True when the adapter could not read the text yet (an asynchronous resource such as a CDK
   * grammar is still loading): a provisional result that callers must not keep for this text.
   */
  pending?: boolean;
}

/** A hover note on a span of host text (markdown, format-neutral). */
export interface HostNote {
  span: Span;
  markdown: string;
}

export interface HostSymbol {
  name: string;
  /** What the name stands for, e.g. 'parameter', 'resource', 'pseudo'. */
  kind: string;
  /** One line (a resource type, `String parameter`). */
  detail: string;
  /** Markdown (default value, allowed values, description). */
  documentation?: string;
  /** Where it is defined in the host text (none for built-in names). */
  span?: Span;
  /** Attributes a reference may read (`Arn`, `RoleId`, …), when the symbol has any. */
  attributes?: string[];
}

export interface HostReference {
  /** The written name (string content); an empty span at the cursor when nothing is written yet. */
  span: Span;
  /** The text written there. */
  text: string;
  /**
   * 'name': a symbol name; 'name.attribute': `Symbol.Attribute` in one string; 'attribute': only
   * the attribute of the symbol `of`.
   */
  form: 'name' | 'name.attribute' | 'attribute';
  /** Symbol kinds the reference may name (all kinds when absent). */
  kinds?: string[];
  /** For 'attribute': the symbol whose attribute is named. */
  of?: string;
}
