/**
 * Well-known web identity (OIDC) providers and the claim keys IAM evaluates for each, in our own
 * words from AWS's IAM documentation ("Available keys for AWS OIDC federation" and the
 * provider-specific claims STS validates since January 2026, also listed in the Service
 * Authorization Reference under AWS STS) and the providers' own token documentation.
 *
 * A condition key `<provider host>:<claim>` whose host matches one of these providers and whose
 * claim is not listed here (nor in the reference data) is a key IAM never finds in the request
 * context. An unrecognised provider host keeps all its keys accepted: any issuer can be registered.
 *
 * Pure data and matching: this module imports nothing of ours.
 */

export interface OidcClaim {
  /** Claim name as written after the colon, in its documented spelling. */
  name: string;
  description: string;
  /** True for the claims that say which workload is calling (sub, repository, project_id, …). */
  identifiesWorkload: boolean;
}

export interface OidcProvider {
  id: string;
  /** Display name (GitHub Actions, Amazon EKS, …). */
  name: string;
  /** How the provider host is written: a literal host or a pattern with placeholders. */
  hostForm: string;
  /** Matches the lower-cased provider host (the key's part before the colon). */
  matches(host: string): boolean;
  claims: readonly OidcClaim[];
}

const AUD = (what: string): OidcClaim => ({ name: 'aud', description: `Audience of the token: ${what}. Test it with StringEquals so the role accepts only tokens minted for AWS.`, identifiesWorkload: false });
const SUB = (what: string): OidcClaim => ({ name: 'sub', description: `Subject of the token, for example ${what}. This is the claim that names the workload; a trust policy without it lets any workload of the provider assume the role.`, identifiesWorkload: true });
const claim = (name: string, description: string, identifiesWorkload = true): OidcClaim => ({ name, description, identifiesWorkload });

export const OIDC_PROVIDERS: readonly OidcProvider[] = [
  {
    id: 'github',
    name: 'GitHub Actions',
    hostForm: 'token.actions.githubusercontent.com',
    matches: (h) => h === 'token.actions.githubusercontent.com' || h.startsWith('token.actions.githubusercontent.com/') || /^token\.actions\.[^/:]+\.ghe\.com$/.test(h),
    claims: [
      AUD('"sts.amazonaws.com" when the workflow uses aws-actions/configure-aws-credentials'),
      SUB('"repo:<owner>/<repo>:ref:refs/heads/<branch>", "repo:<owner>/<repo>:environment:<name>", "repo:<owner>/<repo>:pull_request"'),
      claim('actor', 'The account that started the workflow run.'),
      claim('actor_id', 'Numeric id of the account that started the workflow run.'),
      claim('enterprise_id', 'Numeric id of the GitHub enterprise that owns the repository.'),
      claim('environment', 'Name of the deployment environment of the job.'),
      claim('job_workflow_ref', 'The reusable workflow the job runs, "<owner>/<repo>/<path>@<ref>" (set only for jobs in a reusable workflow).'),
      claim('ref', 'The git ref that triggered the run ("refs/heads/main").'),
      claim('repository', 'The repository the workflow runs in, "<owner>/<repo>".'),
      claim('repository_id', 'Numeric id of the repository (stays the same when it is renamed).'),
      claim('repository_owner_id', 'Numeric id of the repository owner (organization or user).'),
      claim('workflow', 'Name of the workflow.'),
    ],
  },
  {
    id: 'gitlab',
    name: 'GitLab CI/CD',
    hostForm: 'gitlab.com',
    matches: (h) => h === 'gitlab.com',
    claims: [
      AUD('the audience configured in the job\'s id_tokens'),
      SUB('"project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>"'),
      claim('namespace_id', 'Numeric id of the group or user namespace of the project.'),
      claim('pipeline_source', 'What started the pipeline (push, schedule, merge_request_event, …).', false),
      claim('project_id', 'Numeric id of the project.'),
      claim('ref_protected', '"true" when the ref is protected.', false),
      claim('runner_environment', 'Whether the job ran on a GitLab-hosted or self-managed runner.', false),
      claim('user_access_level', 'Access level of the user who started the job.', false),
      claim('user_email', 'Email of the user who started the job.'),
      claim('user_id', 'Numeric id of the user who started the job.'),
      claim('user_login', 'User name of the user who started the job.'),
    ],
  },
  {
    id: 'terraform',
    name: 'HCP Terraform (Terraform Cloud)',
    hostForm: 'app.terraform.io',
    matches: (h) => h === 'app.terraform.io',
    claims: [
      AUD('"aws.workload.identity" unless the workspace sets another audience'),
      SUB('"organization:<org>:project:<project>:workspace:<workspace>:run_phase:<plan|apply>"'),
    ],
  },
  {
    id: 'bitbucket',
    name: 'Bitbucket Pipelines',
    hostForm: 'api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc',
    matches: (h) => /^api\.bitbucket\.org\/2\.0\/workspaces\/[^/]+\/pipelines-config\/identity\/oidc$/.test(h),
    claims: [
      AUD('"ari:cloud:bitbucket::workspace/<workspace-uuid>"'),
      SUB('"{<repository-uuid>}:{<step-uuid>}" or, for deployments, "{<repository-uuid>}:{<environment-uuid>}:{<step-uuid>}"'),
    ],
  },
  {
    id: 'circleci',
    name: 'CircleCI',
    hostForm: 'oidc.circleci.com/org/<organization-id>',
    matches: (h) => /^oidc\.circleci\.com\/org\/[^/]+$/.test(h),
    claims: [
      AUD('the CircleCI organization id'),
      SUB('"org/<organization-id>/project/<project-id>/user/<user-id>"'),
      claim('oidc.circleci.com/project-id', 'Id of the CircleCI project the job runs in.'),
    ],
  },
  {
    id: 'buildkite',
    name: 'Buildkite',
    hostForm: 'agent.buildkite.com',
    matches: (h) => h === 'agent.buildkite.com',
    claims: [
      AUD('the audience requested by the agent'),
      SUB('"organization:<org>:pipeline:<pipeline>:ref:<ref>:commit:<sha>:step:<step>"'),
      claim('build_branch', 'Branch of the build.'),
      claim('cluster_id', 'Id of the cluster the agent belongs to.'),
      claim('cluster_name', 'Name of the cluster the agent belongs to.'),
      claim('organization_id', 'Id of the Buildkite organization.'),
      claim('organization_slug', 'Slug of the Buildkite organization.'),
      claim('pipeline_id', 'Id of the pipeline.'),
      claim('pipeline_slug', 'Slug of the pipeline.'),
    ],
  },
  {
    id: 'eks',
    name: 'Amazon EKS (IAM roles for service accounts)',
    hostForm: 'oidc.eks.<region>.amazonaws.com/id/<cluster-oidc-id>',
    matches: (h) => /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[^/]+$/.test(h),
    claims: [
      AUD('"sts.amazonaws.com"'),
      SUB('"system:serviceaccount:<namespace>:<service-account>"'),
    ],
  },
  {
    id: 'cognito',
    name: 'Amazon Cognito identity pools',
    hostForm: 'cognito-identity.amazonaws.com',
    matches: (h) => h === 'cognito-identity.amazonaws.com',
    claims: [
      { name: 'aud', description: 'The identity pool id. A trust policy for Cognito must test it, or identities of every identity pool can assume the role.', identifiesWorkload: false },
      { name: 'amr', description: 'Authentication methods of the identity: "authenticated" or "unauthenticated" (and the login provider). Multivalued: test it with ForAnyValue:StringLike.', identifiesWorkload: false },
      SUB('the Cognito identity id'),
    ],
  },
  {
    id: 'google',
    name: 'Google',
    hostForm: 'accounts.google.com',
    matches: (h) => h === 'accounts.google.com',
    claims: [
      { name: 'aud', description: 'The OAuth client id of the application (Google\'s azp claim when present, its aud claim otherwise).', identifiesWorkload: false },
      { name: 'oaud', description: 'Google\'s aud claim when the token also carries azp (the other audience).', identifiesWorkload: false },
      SUB('the Google account id'),
      claim('google/organization_number', 'Number of the Google Cloud organization of the identity.'),
    ],
  },
  {
    id: 'facebook',
    name: 'Facebook',
    hostForm: 'graph.facebook.com',
    matches: (h) => h === 'graph.facebook.com',
    claims: [
      { name: 'app_id', description: 'The Facebook application id (the audience).', identifiesWorkload: false },
      claim('id', 'The Facebook user id.'),
    ],
  },
  {
    id: 'amazon',
    name: 'Login with Amazon',
    hostForm: 'www.amazon.com',
    matches: (h) => h === 'www.amazon.com',
    claims: [
      { name: 'app_id', description: 'The Login with Amazon application id (the audience).', identifiesWorkload: false },
      claim('user_id', 'The Amazon user id.'),
    ],
  },
];

/** The well-known provider a key prefix (the part before the first colon) names, if any. */
export function oidcProviderFor(host: string): OidcProvider | undefined {
  const h = host.toLowerCase();
  return OIDC_PROVIDERS.find((p) => p.matches(h));
}

/** The documented claim of a provider, matched case-insensitively (condition key names are case-insensitive). */
export function oidcClaim(provider: OidcProvider, name: string): OidcClaim | undefined {
  const n = name.toLowerCase();
  return provider.claims.find((c) => c.name.toLowerCase() === n);
}
