import { describeKind, type ValueNode } from '../../../model';
import { accessAnalyzerCheck, type CheckContext } from '../../types';

type Expect = 'string' | 'stringOrArray' | 'object' | 'principal' | 'statement';

const ELEMENT_TYPES: Record<string, Expect> = {
  Sid: 'string',
  Effect: 'string',
  Action: 'stringOrArray',
  NotAction: 'stringOrArray',
  Resource: 'stringOrArray',
  NotResource: 'stringOrArray',
  Principal: 'principal',
  NotPrincipal: 'principal',
  Condition: 'object',
};

const EXPECTED_TEXT: Record<Expect, string> = {
  string: 'a string',
  stringOrArray: 'a string or an array of strings',
  object: 'an object',
  principal: 'an object (or the string "*")',
  statement: 'an object or an array of objects',
};

function matches(node: ValueNode, expect: Expect): boolean {
  if (node.kind === 'unknown') return true;
  switch (expect) {
    case 'string':
      return node.kind === 'string';
    case 'stringOrArray':
      return node.kind === 'string' || (node.kind === 'array' && node.items.every((i) => i.kind === 'string' || i.kind === 'unknown'));
    case 'object':
      return node.kind === 'object';
    case 'principal':
      return node.kind === 'object' || node.kind === 'string';
    case 'statement':
      return node.kind === 'object' || (node.kind === 'array' && node.items.every((i) => i.kind === 'object' || i.kind === 'unknown'));
  }
}

function check(name: string, node: ValueNode, expect: Expect, ctx: CheckContext): void {
  if (matches(node, expect)) return;
  // Point at the offending array item when the array itself is fine.
  const bad = node.kind === 'array' ? node.items.find((i) => !matches(i, expect === 'stringOrArray' ? 'string' : 'object')) : undefined;
  const target = bad ?? node;
  ctx.report(target.span, `"${name}" must be ${EXPECTED_TEXT[expect]}, not ${describeKind(target)}.`);
}

export default accessAnalyzerCheck({
  code: 'DATA_TYPE_MISMATCH',
  title: 'Data type mismatch',
  findingType: 'ERROR',
  policyTypes: 'all',
  description: 'A policy element has the wrong JSON type (for example Version as a number, or Action as an object).',
  run(policy, ctx) {
    if (policy.version) check('Version', policy.version.value, 'string', ctx);
    if (policy.id) check('Id', policy.id.value, 'string', ctx);
    if (policy.statementProperty) check('Statement', policy.statementProperty.value, 'statement', ctx);
    const statements = policy.statements;
    for (let i = 0; i < statements.length; i++) {
      const st = statements[i];
      if (st.node.kind !== 'object') continue;
      const properties = st.node.properties;
      for (let j = 0; j < properties.length; j++) {
        const prop = properties[j];
        const expect = ELEMENT_TYPES[prop.key];
        if (expect) check(prop.key, prop.value, expect, ctx);
      }
    }
  },
});
