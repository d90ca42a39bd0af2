import type { ParseProblem, Span } from './types';

/**
 * Explicit bounds on the work one document may cost. Every limit sits well above any policy or
 * template AWS accepts, and far below the inputs that used to make the server take seconds and
 * gigabytes. Beyond a limit, what fits is still checked and one information diagnostic
 * (`LIMIT_EXCEEDED`) says what was skipped.
 *
 * What AWS accepts (server/src/data/quotas.ts): a managed policy is at most 6,144 characters, a
 * role's inline policies 10,240, an SCP 5,120, the largest resource policy (a KMS key policy)
 * 32 KB; a CloudFormation template body at most 1 MB.
 */
export const LIMITS = {
  /**
   * Characters of one document that are read (2 MiB: twice the largest CloudFormation template,
   * 64 times the largest policy). Beyond it a JSON document is read up to this point.
   */
  maxDocumentChars: 2 * 1024 * 1024,
  /**
   * Characters of a YAML document that are read (1 MiB: the largest template CloudFormation
   * accepts). Reading YAML costs several times what JSON does per character, and more again when
   * the text has syntax errors to read past; beyond this a template is cut at the last line that
   * starts a top-level key or a resource, and what comes before is checked.
   */
  maxYamlChars: 1024 * 1024,
  /**
   * Characters of a CDK source file that are read (512 KiB: about 10,000 lines, several times the
   * largest real stacks). A CDK character costs about four times a JSON one (tree-sitter, the
   * tree's JavaScript mirror, extraction); beyond this a file is cut at a line break between
   * constructs (adapters/cdk/limits.ts) and what comes before is checked.
   */
  maxCdkChars: 512 * 1024,
  /**
   * Statements of one CDK source file that are checked: the policies holding the first ones, in
   * source order (a realistic stack holds about 2,000 in `maxCdkChars`; a dense one three times more).
   */
  maxCdkStatements: 3000,
  /**
   * Syntax errors reported per document (a mangled file can have one every few characters; the
   * first ones are the useful ones). Beyond them one LIMIT_EXCEEDED information says how many more.
   */
  maxSyntaxErrors: 100,
  /**
   * Characters the YAML reader may re-read, in total, to step over syntax errors one by one (each
   * step reads the whole text again): a large broken file gets fewer steps, so the work stays
   * linear in its size; the `yaml` package's own recovery reads the rest.
   */
  yamlRecoveryChars: 4 * 1024 * 1024,
  /**
   * Nesting depth of values built into the model (a policy needs 6 levels, a template about 12,
   * with intrinsics a few more). Deeper values become one `unknown` node; the text is still
   * scanned for syntax errors, without recursion.
   */
  maxDepth: 64,
  /**
   * Flow collections (`[`, `{`) nested in a YAML text before it is not read at all: both YAML
   * readers recurse per level, and from about 800 levels V8 aborted the process (a fuzz document);
   * a chain of 200 nested `!Sub [.., {..}]` (402 levels) must still be read.
   */
  maxYamlFlowDepth: 512,
  /** Statements of one policy that are checked (a 32 KB policy holds at most ~700 statements). */
  maxStatements: 1000,
  /**
   * Values of one policy element (Action, Resource, a condition key's values, …) that are checked
   * (a 32 KB policy holds about 4,600 of the shortest useful entries, `"s3:*",`; real lists are far
   * shorter).
   */
  maxItemsPerElement: 5000,
  /**
   * Documents larger than this are first scanned cheaply (no tree) for the keys that make them a
   * policy or template; smaller ones are parsed directly (so completion in a new file keeps working).
   */
  precheckAboveChars: 64 * 1024,
} as const;

export const LIMIT_CODE = 'LIMIT_EXCEEDED';

/** The one information problem that says what a limit made us skip. */
export function limitProblem(message: string, span: Span): ParseProblem {
  return { code: LIMIT_CODE, message, span, severity: 'info' };
}

/** `1234567` → `1,234,567` (locale-independent). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
