import { getProperty, type HostReference, type HostSymbol, type ObjectNode, type ValueNode } from '../../model';
import { intrinsicOf, PSEUDO_PARAMETERS, subVariables, type TemplateSymbols } from './intrinsics';

/**
 * Template symbols and references for the format-neutral `symbols`/`references` fields of the
 * parse result: what `Ref`, `Fn::GetAtt` and `${…}` inside `Fn::Sub` may name (parameters,
 * resources, pseudo parameters) and where policies name them. Works on the raw template tree
 * (intrinsics in long form), so YAML and JSON templates share it.
 */

/** `Fn::GetAtt` attributes of common resource types (CloudFormation's return values). */
export const GETATT_ATTRIBUTES: Record<string, string[]> = {
  'AWS::IAM::Role': ['Arn', 'RoleId'],
  'AWS::IAM::User': ['Arn'],
  'AWS::IAM::Group': ['Arn'],
  'AWS::IAM::ManagedPolicy': ['PolicyArn'],
  'AWS::IAM::InstanceProfile': ['Arn'],
  'AWS::S3::Bucket': ['Arn', 'DomainName', 'DualStackDomainName', 'RegionalDomainName', 'WebsiteURL'],
  'AWS::SQS::Queue': ['Arn', 'QueueName', 'QueueUrl'],
  'AWS::SNS::Topic': ['TopicArn', 'TopicName'],
  'AWS::Lambda::Function': ['Arn'],
  'AWS::Serverless::Function': ['Arn'],
  'AWS::DynamoDB::Table': ['Arn', 'StreamArn'],
  'AWS::KMS::Key': ['Arn', 'KeyId'],
  'AWS::Kinesis::Stream': ['Arn'],
  'AWS::Events::EventBus': ['Arn', 'Name'],
  'AWS::Events::Rule': ['Arn'],
  'AWS::StepFunctions::StateMachine': ['Arn', 'Name'],
  'AWS::Serverless::StateMachine': ['Arn', 'Name'],
  'AWS::Logs::LogGroup': ['Arn'],
  'AWS::ECR::Repository': ['Arn', 'RepositoryUri'],
};

const PSEUDO_DOCS: Record<string, string> = {
  'AWS::AccountId': 'The ID of the account the stack is created in.',
  'AWS::NotificationARNs': 'The notification ARNs of the stack (a list).',
  'AWS::NoValue': 'Removes the property or list item it stands for.',
  'AWS::Partition': 'The partition of the stack’s Region (`aws`, `aws-cn`, `aws-us-gov`).',
  'AWS::Region': 'The Region the stack is created in.',
  'AWS::StackId': 'The ID (ARN) of the stack.',
  'AWS::StackName': 'The name of the stack.',
  'AWS::URLSuffix': 'The domain suffix of the Region (usually `amazonaws.com`).',
};

function scalarText(v: ValueNode | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number') return v.raw;
  if (v.kind === 'boolean') return String(v.value);
  return undefined;
}

const code = (s: string): string => '`' + s.replace(/`/g, "'") + '`';

/** Every name a template reference may use, with what features show for it. */
export function hostSymbols(symbols: TemplateSymbols): HostSymbol[] {
  const out: HostSymbol[] = [];
  for (const [name, p] of symbols.parameters) {
    const def = p.node.value.kind === 'object' ? p.node.value : undefined;
    const lines: string[] = [];
    const description = scalarText(getProperty(def, 'Description')?.value);
    if (description) lines.push(description.slice(0, 500));
    const dflt = getProperty(def, 'Default')?.value;
    const dfltText = scalarText(dflt);
    if (dfltText !== undefined) lines.push(`Default: ${code(dfltText)}`);
    if (p.allowedValues) lines.push(`Allowed values: ${p.allowedValues.slice(0, 30).map(code).join(', ')}${p.allowedValues.length > 30 ? ', …' : ''}`);
    out.push({ name, kind: 'parameter', detail: `${p.type ?? 'untyped'} parameter`, documentation: lines.join('\n\n') || undefined, span: p.node.keySpan });
  }
  for (const [name, r] of symbols.resources) {
    const attributes = r.type ? GETATT_ATTRIBUTES[r.type] : undefined;
    out.push({ name, kind: 'resource', detail: r.type ?? 'resource', span: r.node.keySpan, ...(attributes ? { attributes } : {}) });
  }
  for (const name of PSEUDO_PARAMETERS) out.push({ name, kind: 'pseudo', detail: 'pseudo parameter', documentation: PSEUDO_DOCS[name] });
  return out;
}

/**
 * The references in a raw subtree (a policy as written): `Ref` names, `Fn::GetAtt` names and
 * attributes (string or list form), and `${Name}` / `${Name.Attribute}` in `Fn::Sub` templates.
 * Only names whose characters map 1:1 to the host text (a `valueSpan`) are listed.
 */
export function collectReferences(raw: ValueNode, out: HostReference[], depth = 0): void {
  if (depth > 64) return;
  const f = intrinsicOf(raw);
  if (f) {
    const arg = f.arg;
    if (f.fn === 'Ref' && arg.kind === 'string' && arg.valueSpan) {
      out.push({ span: arg.valueSpan, text: arg.value, form: 'name' });
      return;
    }
    if (f.fn === 'Fn::GetAtt') {
      if (arg.kind === 'string' && arg.valueSpan) {
        out.push({ span: arg.valueSpan, text: arg.value, form: 'name.attribute', kinds: ['resource'] });
        return;
      }
      if (arg.kind === 'array') {
        const [name, attr] = arg.items;
        if (name?.kind === 'string' && name.valueSpan) out.push({ span: name.valueSpan, text: name.value, form: 'name', kinds: ['resource'] });
        if (name?.kind === 'string' && attr?.kind === 'string' && attr.valueSpan) out.push({ span: attr.valueSpan, text: attr.value, form: 'attribute', of: name.value });
        return;
      }
    }
    if (f.fn === 'Fn::Sub') {
      const template = arg.kind === 'array' ? arg.items[0] : arg;
      const vars = arg.kind === 'array' && arg.items[1]?.kind === 'object' ? (arg.items[1] as ObjectNode) : undefined;
      if (template?.kind === 'string' && template.valueSpan) {
        for (const v of subVariables(template.value)) {
          const name = v.inner;
          if (name.startsWith('!') || name !== name.trim() || vars?.properties.some((p) => p.key === name)) continue;
          const span = { offset: template.valueSpan.offset + v.index + 2, length: name.length };
          const dot = name.indexOf('.');
          out.push(dot > 0 ? { span, text: name, form: 'name.attribute', kinds: ['resource'] } : { span, text: name, form: 'name' });
        }
      }
      if (vars) collectReferences(vars, out, depth + 1);
      return;
    }
  }
  if (raw.kind === 'object') for (const p of raw.properties) collectReferences(p.value, out, depth + 1);
  else if (raw.kind === 'array') for (const i of raw.items) collectReferences(i, out, depth + 1);
}
