import { LIMITS, LIMIT_CODE, formatCount } from '../../../model';
import { ownCheck } from '../../types';

/** Reported by the adapters (model/limits.ts); registered here for configuration and docs. */
export default ownCheck({
  code: LIMIT_CODE,
  title: 'Limit exceeded',
  findingType: 'SUGGESTION',
  policyTypes: 'all',
  description: 'The document goes beyond a limit far above any real policy or template (size, nesting, statements, values per element); what fits is checked and this says what was not.',
  details: [
    'Every limit is set well above what AWS accepts (a managed policy is at most 6,144 characters, the largest resource policy 32 KB, a CloudFormation template 1 MB), so a real policy never reaches one. They bound the work a single file can cost the editor and the CLI. Beyond a limit, the part that fits is still checked, and one information diagnostic names what was skipped:',
    '',
    `- **Document size**: the first ${formatCount(LIMITS.maxDocumentChars)} characters of a JSON document are read and checked; a YAML template is read up to the last top-level key or resource that starts within its first ${formatCount(LIMITS.maxYamlChars)} characters.`,
    `- **CDK source files**: the first ${formatCount(LIMITS.maxCdkChars)} characters are read, cut at a line break between statements; of them, the policies holding the first ${formatCount(LIMITS.maxCdkStatements)} statements (in source order) are checked.`,
    `- **Syntax errors**: the first ${formatCount(LIMITS.maxSyntaxErrors)} syntax errors of a document are reported, then one information counts the rest.`,
    `- **Nesting depth**: values nested more than ${LIMITS.maxDepth} levels deep are not read into the policy model (the rest of the document is checked, and the text below is still checked for syntax errors); a YAML text that nests flow collections (\`[ ]\`, \`{ }\`) more than ${LIMITS.maxYamlFlowDepth} levels deep is not read at all.`,
    '- **CDK parse time**: reading a CDK source file is stopped after a bound of CPU time (half a second plus a few milliseconds per KiB): a long run of syntax errors makes the parser\'s recovery grow with the square of its length. Such a file is not checked until those errors are fixed.',
    `- **Statements**: the first ${formatCount(LIMITS.maxStatements)} statements of a policy are checked.`,
    `- **Values per element**: the first ${formatCount(LIMITS.maxItemsPerElement)} values of an element (Action, Resource, a principal type, a condition key) are checked.`,
    '',
    'A large JSON file without a top-level `Statement` (or template) key is recognised as not a policy without being parsed.',
  ].join('\n'),
  run() {
    /* produced by the adapters, see server/src/model/limits.ts */
  },
});
