import { ownCheck } from '../../types';

/** Reported by the facade's suppression pass (server/src/engine/suppressions.ts); registered here for configuration and docs. */
export default ownCheck({
  code: 'UNUSED_SUPPRESSION',
  title: 'Unused suppression',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  description: 'An `iam-policy-lint-disable-next-line` comment or a CloudFormation `Metadata: iam-policy-lint: ignore_checks` entry suppresses nothing: remove it, or fix the code it names.',
  details: [
    'Suppressions are written in the host\'s own comment syntax on the line before a finding — `# iam-policy-lint-disable-next-line CODE[,CODE]` in CloudFormation YAML and CDK Python, `// iam-policy-lint-disable-next-line CODE` in CDK TypeScript and JavaScript — or, for a whole CloudFormation resource, as `Metadata: { iam-policy-lint: { ignore_checks: [CODE] } }`. JSON policy files have no comments: use `ignoreSids` or `overrides` in `.iampolicylintrc.json`.',
    '',
    'A suppression that no longer matches a finding (the problem was fixed, or the code is misspelt) hides nothing and misleads the reader, so it is reported as information.',
  ].join('\n'),
  run() {
    /* produced by the facade, see server/src/engine/suppressions.ts */
  },
});
