/** iam-policy-lint's command line: the usage text, the options and their parsing (index.ts runs them). */
import { isPolicyType, type AccessAnalyzerSettings, type EngineSettings } from '../service';
import { POLICY_TYPES, type Severity } from '../model';
import type { RuleConfig } from '../checks/registry';
import { unknownCodeMessage } from '../projectConfig';
import type { SeverityThreshold } from './report';

export const USAGE = `Usage: iam-policy-lint [options] <paths, globs or - ...>

Lints AWS IAM policies offline: JSON policy files, CloudFormation/SAM templates (YAML, JSON) and
CDK code in TypeScript, JavaScript, Python, Java, C# and Go (files that import the CDK; cdk-iam-floyd
statements included). Directories are walked (respecting .gitignore files, including those of
parent folders up to the repository root).

Options:
  -f, --format <text|json|sarif>  output format (default: text); sarif is SARIF 2.1.0 for code scanning
  -c, --config <file>        use this configuration file instead of the nearest .iampolicylintrc.json
      --no-config            use no configuration file
  -t, --policy-type <type>   the type of standalone JSON policy files: ${POLICY_TYPES.join(', ')}
                             (policies in templates and CDK code keep the type their place gives them)
  -r, --rule <CODE=level>    set a check's level: off, error, warning, info, hint (repeatable)
  -q, --quiet                report errors only (same as --severity-threshold error)
      --severity-threshold <error|warning|info|hint>  report findings at this level or above
      --max-warnings <n>     exit 1 when more than n warnings are reported
      --fix                  apply the safe fixes (the editor's "fix all") to the files in place
      --fix-dry-run          print the safe fixes as a unified diff; files are not changed
      --stdin-filename <p>   the path of the text read from "-" (standard input): its format,
                             its configuration file and the name in the report
      --cache                keep each file's report in a cache file and lint again only the
                             files whose text, settings or engine changed (not with --fix,
                             --fix-dry-run or --access-analyzer, which lint every file)
      --cache-location <p>   the cache file (default: .iampolicylintcache in the working
                             directory; a folder holds that file)
      --list-checks          list every check: code, level, policy types, fix, docs (text or json)
      --access-analyzer      also validate with AWS IAM Access Analyzer (ValidatePolicy): SENDS THE
                             POLICIES TO AWS, one API call per policy, with the standard AWS
                             credentials (environment, profile, SSO, container/instance role)
      --region <region>      AWS Region for Access Analyzer (default: config, AWS_REGION, the profile's)
      --profile <name>       AWS profile for Access Analyzer (default: config, AWS_PROFILE, default)
      --endpoint <url>       Access Analyzer endpoint (default: config, AWS_ENDPOINT_URL_ACCESSANALYZER, AWS's)
      --color, --no-color    force or turn off colours (default: on a terminal; FORCE_COLOR and
                             NO_COLOR are honoured, FORCE_COLOR first)
  -v, --version              print the tool and IAM reference data versions
  -h, --help                 show this help

Suppress a finding with a comment on the line before it (# or // as the host writes comments):
  # iam-policy-lint-disable-next-line CODE[,CODE]
or, in a CloudFormation resource, Metadata: { iam-policy-lint: { ignore_checks: [CODE] } }.

Exit codes (the highest applies): 2 usage, configuration or I/O problem (files that could not be
read are named on stderr; the others are still linted and reported) or Access Analyzer failed;
1 errors found, or more warnings than --max-warnings; 0 otherwise.
Requires Node.js 20 or later.`;

export type Format = 'text' | 'json' | 'sarif';

export interface Options {
  format: Format;
  /** Explicit settings (command line): they win over the configuration file. */
  settings: EngineSettings;
  threshold: SeverityThreshold;
  maxWarnings?: number;
  color: boolean;
  inputs: string[];
  config?: string;
  noConfig: boolean;
  fix: 'no' | 'write' | 'dry-run';
  stdinFilename?: string;
  listChecks: boolean;
  /** --cache: reports kept between runs (resultCache.ts); --cache-location: where. */
  cache: boolean;
  cacheLocation?: string;
  /** Set by --access-analyzer: nothing is sent to AWS without it. */
  accessAnalyzer?: AccessAnalyzerSettings;
}

export class UsageError extends Error {}

const THRESHOLDS: readonly SeverityThreshold[] = ['error', 'warning', 'info', 'hint'];

/** Colour by default on a terminal; FORCE_COLOR (anything but 0/false) and NO_COLOR (non-empty) as Node reads them: FORCE_COLOR first. */
export function colorFromEnv(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  if (env.NO_COLOR) return false;
  return isTTY;
}

export function parseArgs(argv: string[], io: { env: NodeJS.ProcessEnv; isTTY: boolean }): Options | 'help' | 'version' {
  const opts: Options = { format: 'text', settings: {}, threshold: 'hint', color: colorFromEnv(io.env, io.isTTY), inputs: [], noConfig: false, fix: 'no', listChecks: false, cache: false };
  const rules: RuleConfig = {};
  const aa: AccessAnalyzerSettings = {};
  let colorFlag: boolean | undefined;
  let quiet = false;
  let threshold: SeverityThreshold | undefined;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '-v':
      case '--version':
        return 'version';
      case '-f':
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}" (use text, json or sarif)`);
        opts.format = f;
        break;
      }
      case '-c':
      case '--config':
        opts.config = value();
        break;
      case '--no-config':
        opts.noConfig = true;
        break;
      case '-t':
      case '--policy-type': {
        const t = value();
        if (!isPolicyType(t)) throw new UsageError(`unknown policy type "${t}" (use one of ${POLICY_TYPES.join(', ')})`);
        opts.settings.policyType = t;
        break;
      }
      case '-r':
      case '--rule': {
        const v = value();
        const m = /^([A-Za-z0-9_]+)=(off|error|warning|info|hint)$/.exec(v);
        if (!m) throw new UsageError(`--rule expects CODE=off|error|warning|info|hint, got "${v}"`);
        const code = m[1].toUpperCase();
        const bad = unknownCodeMessage(code);
        if (bad) throw new UsageError(`--rule ${v}: ${bad}`);
        rules[code] = m[2] as RuleConfig[string];
        break;
      }
      case '-q':
      case '--quiet':
        quiet = true;
        break;
      case '--severity-threshold': {
        const t = value();
        if (!(THRESHOLDS as readonly string[]).includes(t)) throw new UsageError(`--severity-threshold expects ${THRESHOLDS.join(', ')}, got "${t}"`);
        threshold = t as Severity;
        break;
      }
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings expects a number of warnings, got "${v}"`);
        opts.maxWarnings = Number(v);
        break;
      }
      case '--fix':
        opts.fix = opts.fix === 'dry-run' ? 'dry-run' : 'write';
        break;
      case '--fix-dry-run':
        opts.fix = 'dry-run';
        break;
      case '--stdin-filename':
        opts.stdinFilename = value();
        break;
      case '--cache':
        opts.cache = true;
        break;
      case '--cache-location':
        opts.cacheLocation = value();
        break;
      case '--list-checks':
        opts.listChecks = true;
        break;
      case '--color':
        colorFlag = true;
        break;
      case '--no-color':
        colorFlag = false;
        break;
      case '--access-analyzer':
        opts.accessAnalyzer = { ...opts.accessAnalyzer };
        break;
      case '--region': {
        const v = value();
        if (!/^[a-z0-9-]{1,64}$/.test(v)) throw new UsageError(`--region expects a Region name such as us-east-1, got "${v}"`);
        aa.region = v;
        break;
      }
      case '--profile':
        aa.profile = value();
        break;
      case '--endpoint': {
        const v = value();
        if (!/^https?:\/\//i.test(v)) throw new UsageError(`--endpoint expects an http(s) URL, got "${v}"`);
        aa.endpoint = v;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        opts.inputs.push(argv[i]);
    }
  }
  if (colorFlag !== undefined) opts.color = colorFlag;
  if (quiet && threshold && threshold !== 'error') throw new UsageError('--quiet and --severity-threshold disagree: use one');
  opts.threshold = quiet ? 'error' : (threshold ?? 'hint');
  if (Object.keys(rules).length) opts.settings.rules = rules;
  if (Object.keys(aa).length) {
    if (!opts.accessAnalyzer) throw new UsageError('--region, --profile and --endpoint apply to --access-analyzer');
    opts.accessAnalyzer = aa;
  }
  if (opts.cacheLocation !== undefined && !opts.cache) throw new UsageError('--cache-location applies to --cache');
  if (opts.config && opts.noConfig) throw new UsageError('--config and --no-config exclude each other');
  if (opts.listChecks) {
    if (opts.format === 'sarif') throw new UsageError('--list-checks writes text or json');
    return opts;
  }
  if (opts.inputs.length === 0) throw new UsageError('no paths given');
  if (opts.inputs.filter((p) => p === '-').length > 1) throw new UsageError('"-" (standard input) can be given once');
  if (opts.stdinFilename !== undefined && !opts.inputs.includes('-')) throw new UsageError('--stdin-filename applies to "-" (standard input)');
  if (opts.fix === 'write' && opts.inputs.includes('-')) throw new UsageError('--fix cannot write standard input back: use --fix-dry-run');
  if (opts.fix === 'dry-run' && opts.format !== 'text') throw new UsageError('--fix-dry-run prints a diff: use it with the text format');
  return opts;
}
