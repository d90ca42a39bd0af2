/**
 * Documentation data for AWS global (and cross-service session) condition context keys.
 *
 * Source of facts: AWS IAM User Guide, "AWS global condition context keys" page,
 * plus the AWS MCP Server IAM page for the MCP-related keys. All descriptions are
 * written in our own words.
 *
 * Tag keys are expressed as templates; the `${TagKey}` part is literal text here
 * (these are plain strings, not template literals).
 */

export type GlobalKeyType =
  | 'String'
  | 'ArrayOfString'
  | 'ARN'
  | 'ArrayOfARN'
  | 'Bool'
  | 'Numeric'
  | 'Date'
  | 'IPAddress';

export type GlobalKeyCategory = 'principal' | 'session' | 'network' | 'resource' | 'request';

export interface GlobalKeyDoc {
  /** Proper-cased key name; tag keys are templates such as 'aws:PrincipalTag/${TagKey}'. */
  key: string;
  type: GlobalKeyType;
  /** 1-3 sentences in our own words. */
  description: string;
  /** True when the key carries a set of values (ForAllValues/ForAnyValue apply). */
  multivalued: boolean;
  category: GlobalKeyCategory;
  /** When the key is present in the request context, if not always. */
  availability?: string;
  deprecated?: boolean;
  /** Whether the key can be referenced as a ${...} policy variable. */
  supportsPolicyVariable?: boolean;
}

export const GLOBAL_KEY_DOCS: GlobalKeyDoc[] = [
  // ---------------------------------------------------------------------------
  // Properties of the principal
  // ---------------------------------------------------------------------------
  {
    key: 'aws:PrincipalArn',
    type: 'ARN',
    description:
      'ARN of the IAM principal that signed the request. For a role session this is the ARN of the role itself (not the assumed-role session ARN), which makes it the usual way to allow or exclude specific roles in resource policies and SCPs.',
    multivalued: false, category: 'principal',
    availability: 'Present on every signed request; missing for anonymous requests.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:PrincipalAccount',
    type: 'String',
    description:
      'Twelve-digit ID of the AWS account that owns the calling principal. Handy in resource policies to admit only callers from particular accounts.',
    multivalued: false, category: 'principal',
    availability: 'Present on every signed request; missing for anonymous requests.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:PrincipalOrgPaths',
    type: 'ArrayOfString',
    description:
      'AWS Organizations path(s) of the calling principal, in the form o-id/r-id/ou-id/.../. Because it is a set, combine it with ForAnyValue: and usually a StringLike pattern to match a whole OU subtree.',
    multivalued: true, category: 'principal',
    availability: 'Only when the calling principal belongs to an account that is a member of an organization.',
    supportsPolicyVariable: false,
  },
  {
    key: 'aws:PrincipalOrgID',
    type: 'String',
    description:
      'ID of the AWS Organizations organization (o-xxxxxxxxxx) that the caller\'s account belongs to. Lets a resource policy grant access to every account of an organization without listing account IDs.',
    multivalued: false, category: 'principal',
    availability: 'Only when the calling principal belongs to an account that is a member of an organization.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:PrincipalTag/${TagKey}',
    type: 'String',
    description:
      'Value of the named tag attached to the calling principal (IAM user or role) or passed as a session tag. It is the core building block of attribute-based access control, often compared with aws:ResourceTag using a policy variable.',
    multivalued: false, category: 'principal',
    availability: 'Only when the principal (or its session) carries a tag with that key.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:PrincipalIsAWSService',
    type: 'Bool',
    description:
      'True when the request is made directly by an AWS service principal acting with its own identity (for example a service writing logs into your bucket), false otherwise. Often used to exempt service principals from network-based deny statements.',
    multivalued: false, category: 'principal',
    availability: 'Present on every signed request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:PrincipalServiceName',
    type: 'String',
    description:
      'Service principal name (for example cloudtrail.amazonaws.com) of the AWS service that is making the request with its own identity.',
    multivalued: false, category: 'principal',
    availability: 'Only when the request is made directly by an AWS service principal.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:PrincipalServiceNamesList',
    type: 'ArrayOfString',
    description:
      'Every service principal name that applies to the calling service, including alternate or Regional forms of the name. Because it is a set, use it with ForAnyValue:.',
    multivalued: true, category: 'principal',
    availability: 'Only when the request is made directly by an AWS service principal.',
    supportsPolicyVariable: false,
  },
  {
    key: 'aws:PrincipalType',
    type: 'String',
    description:
      'Kind of caller, one of Account (root user), User, FederatedUser, AssumedRole or Anonymous. Useful for denying root user actions or separating human users from role sessions.',
    multivalued: false, category: 'principal',
    availability: 'Present on every request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:userid',
    type: 'String',
    description:
      'Unique identifier of the caller. For an IAM user it is the user\'s unique ID; for a role session it has the form ROLE-UNIQUE-ID:session-name; for the root user it is the account ID.',
    multivalued: false, category: 'principal',
    availability: 'Present on every request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:username',
    type: 'String',
    description:
      'Friendly name of the calling IAM user. Commonly used as ${aws:username} to scope resources such as S3 prefixes or IAM self-service actions to the user making the call.',
    multivalued: false, category: 'principal',
    availability: 'Only when the caller is an IAM user; absent for roles, federated users and the root user.',
    supportsPolicyVariable: true,
  },

  // ---------------------------------------------------------------------------
  // Properties of a role session
  // ---------------------------------------------------------------------------
  {
    key: 'aws:AssumedRoot',
    type: 'String',
    description:
      'Indicates that the request was made with short-term root credentials obtained through sts:AssumeRoot (centralized root access for member accounts); the value is "true". SCPs that block the root user often use a Null check on this key to leave such privileged sessions working.',
    multivalued: false, category: 'session',
    availability: 'Only when the credentials were issued by sts:AssumeRoot.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:FederatedProvider',
    type: 'String',
    description:
      'Identity provider that issued the caller\'s identity when a role was assumed through web identity (OIDC) or SAML federation, for example an IAM identity provider or cognito-identity.amazonaws.com.',
    multivalued: false, category: 'session',
    availability: 'Only for sessions created through OIDC or SAML federation.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:TokenIssueTime',
    type: 'Date',
    description:
      'Date and time at which the temporary security credentials used for the request were issued. Can be used with date operators to reject sessions issued before a cut-off, for example after a credential revocation.',
    multivalued: false, category: 'session',
    availability: 'Only for requests signed with temporary credentials.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:MultiFactorAuthAge',
    type: 'Numeric',
    description:
      'Number of seconds since the caller authenticated with MFA. Use numeric operators to require a recent MFA sign-in for sensitive actions.',
    multivalued: false, category: 'session',
    availability: 'Only when the temporary credentials were obtained with MFA; absent otherwise.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:MultiFactorAuthPresent',
    type: 'Bool',
    description:
      'Whether MFA was used to obtain the temporary credentials that signed the request. Because it is missing for long-term access keys, a Deny should use BoolIfExists with "false" rather than plain Bool.',
    multivalued: false, category: 'session',
    availability:
      'Only for requests signed with temporary credentials; absent for CLI/API/SDK calls made with long-term access keys.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:ChatbotSourceArn',
    type: 'ARN',
    description:
      'ARN of the chat channel configuration of Amazon Q Developer in chat applications (formerly AWS Chatbot) on whose behalf the role session was created. Lets you limit what can be done from specific chat channels.',
    multivalued: false, category: 'session',
    availability: 'Only for role sessions started by Amazon Q Developer in chat applications from a channel configuration.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:Ec2InstanceSourceVpc',
    type: 'String',
    description:
      'ID of the VPC into which the EC2 instance role credentials were delivered. Paired with aws:SourceVpc it helps detect instance credentials being used outside the VPC they belong to.',
    multivalued: false, category: 'session',
    availability: 'Only for requests signed with EC2 instance role credentials.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:Ec2InstanceSourcePrivateIPv4',
    type: 'IPAddress',
    description:
      'Private IPv4 address of the primary network interface of the EC2 instance that received the role credentials. Paired with aws:VpcSourceIp it helps confirm that instance credentials are used from that instance.',
    multivalued: false, category: 'session',
    availability: 'Only for requests signed with EC2 instance role credentials.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:SourceIdentity',
    type: 'String',
    description:
      'Source identity value that was set when the role was first assumed; it persists across role chaining and is recorded in CloudTrail. Use it to tie role activity back to the original human or workload.',
    multivalued: false, category: 'session',
    availability: 'Only when a source identity was set on the role session.',
    supportsPolicyVariable: true,
  },
  {
    key: 'ec2:RoleDelivery',
    type: 'Numeric',
    description:
      'Version of the EC2 instance metadata service (1.0 or 2.0) through which the instance role credentials were delivered. A NumericLessThan 2.0 deny forces workloads to use IMDSv2 credentials.',
    multivalued: false, category: 'session',
    availability: 'Only for requests signed with EC2 instance role credentials obtained from the instance metadata service.',
    supportsPolicyVariable: true,
  },
  {
    key: 'ec2:SourceInstanceArn',
    type: 'ARN',
    description:
      'ARN of the EC2 instance from which the request originated, i.e. the instance whose role credentials signed it.',
    multivalued: false, category: 'session',
    availability: 'Only for requests signed with EC2 instance role credentials.',
    supportsPolicyVariable: true,
  },
  {
    key: 'glue:RoleAssumedBy',
    type: 'String',
    description:
      'Set to the AWS Glue service principal when AWS Glue assumed the role and uses its credentials to call other services. Lets you restrict what a Glue-assumed role can do.',
    multivalued: false, category: 'session',
    availability: 'Only for requests made by AWS Glue with credentials of a role it assumed.',
    supportsPolicyVariable: true,
  },
  {
    key: 'glue:CredentialIssuingService',
    type: 'String',
    description:
      'Identifies AWS Glue as the service that issued the session credentials used for the request (for example credentials handed to Glue interactive sessions or jobs).',
    multivalued: false, category: 'session',
    availability: 'Only for requests signed with credentials issued by AWS Glue.',
    supportsPolicyVariable: true,
  },
  {
    key: 'lambda:SourceFunctionArn',
    type: 'ARN',
    description:
      'ARN of the Lambda function whose code made the request using the function\'s execution role. Combine with network keys to ensure a function\'s credentials are only used by that function.',
    multivalued: false, category: 'session',
    availability: 'Only for requests made by Lambda function code with the execution role credentials.',
    supportsPolicyVariable: true,
  },
  {
    key: 'ssm:SourceInstanceArn',
    type: 'ARN',
    description:
      'ARN of the Systems Manager managed node from which the request originated, when the node is using credentials delivered by AWS Systems Manager (such as Default Host Management Configuration or hybrid activations).',
    multivalued: false, category: 'session',
    availability: 'Only for requests signed with role credentials delivered by AWS Systems Manager.',
    supportsPolicyVariable: true,
  },
  {
    key: 'identitystore:UserId',
    type: 'String',
    description:
      'IAM Identity Center identity store user ID of the human behind an identity-enhanced role session (trusted identity propagation). Lets policies act on the workforce user rather than the role.',
    multivalued: false, category: 'session',
    availability: 'Only for identity-enhanced sessions that carry an IAM Identity Center user context.',
    supportsPolicyVariable: true,
  },

  // ---------------------------------------------------------------------------
  // Properties of the network
  // ---------------------------------------------------------------------------
  {
    key: 'aws:SourceIp',
    type: 'IPAddress',
    description:
      'Public IP address the request came from, compared with IpAddress/NotIpAddress and CIDR ranges. When an AWS service calls on your behalf the value reflects that service, so network-based denies usually also test aws:ViaAWSService.',
    multivalued: false, category: 'network',
    availability: 'Present on requests over the public internet; absent when the request arrives through a VPC endpoint (use aws:VpcSourceIp instead).',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:SourceVpc',
    type: 'String',
    description:
      'ID of the VPC (vpc-xxxx) through whose endpoint the request travelled. Typical in S3 bucket policies to confine access to a given VPC.',
    multivalued: false, category: 'network',
    availability: 'Only when the request is made through a VPC endpoint.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:SourceVpcArn',
    type: 'ARN',
    description:
      'ARN of the VPC through whose endpoint the request travelled. Since the ARN includes Region and account, ArnLike patterns can confine access to VPCs in particular accounts or Regions.',
    multivalued: false, category: 'network',
    availability: 'Only when the request is made through a VPC endpoint.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:SourceVpce',
    type: 'String',
    description:
      'ID of the VPC endpoint (vpce-xxxx) that carried the request. Used to limit a resource to traffic from specific endpoints.',
    multivalued: false, category: 'network',
    availability: 'Only when the request is made through a VPC endpoint.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:VpceAccount',
    type: 'String',
    description:
      'Account ID that owns the VPC endpoint the request passed through. Helps build network perimeters that accept endpoints owned by your own accounts only.',
    multivalued: false, category: 'network',
    availability: 'Only for requests through a VPC endpoint to a service that supports this key.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:VpceOrgPaths',
    type: 'ArrayOfString',
    description:
      'AWS Organizations path(s) of the account that owns the VPC endpoint used for the request. As a set-valued key it should be used with ForAnyValue:.',
    multivalued: true, category: 'network',
    availability:
      'Only for requests through a VPC endpoint to a supporting service, when the endpoint owner account is in an organization.',
    supportsPolicyVariable: false,
  },
  {
    key: 'aws:VpceOrgID',
    type: 'String',
    description:
      'Organization ID of the account that owns the VPC endpoint used for the request. Allows an organization-wide network perimeter without listing endpoint IDs.',
    multivalued: false, category: 'network',
    availability:
      'Only for requests through a VPC endpoint to a supporting service, when the endpoint owner account is in an organization.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:VpcSourceIp',
    type: 'IPAddress',
    description:
      'Private IP address of the caller inside the VPC when the request goes through a VPC endpoint. Compare with IpAddress/NotIpAddress and CIDR ranges.',
    multivalued: false, category: 'network',
    availability: 'Only when the request is made through a VPC endpoint.',
    supportsPolicyVariable: true,
  },

  // ---------------------------------------------------------------------------
  // Properties of the resource
  // ---------------------------------------------------------------------------
  {
    key: 'aws:ResourceAccount',
    type: 'String',
    description:
      'ID of the account that owns the resource being accessed. Typically used in identity policies, SCPs and VPC endpoint policies to keep principals from touching resources outside trusted accounts.',
    multivalued: false, category: 'resource',
    availability: 'Present for most actions; some actions and services do not supply it.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:ResourceOrgID',
    type: 'String',
    description:
      'Organization ID of the account that owns the target resource. Lets you restrict access to resources that belong to your organization.',
    multivalued: false, category: 'resource',
    availability: 'Only when the account owning the resource is a member of an organization.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:ResourceOrgPaths',
    type: 'ArrayOfString',
    description:
      'AWS Organizations path(s) of the account that owns the target resource. As a set-valued key it should be used with ForAnyValue: and typically StringLike.',
    multivalued: true, category: 'resource',
    availability: 'Only when the account owning the resource is a member of an organization.',
    supportsPolicyVariable: false,
  },
  {
    key: 'aws:ResourceTag/${TagKey}',
    type: 'String',
    description:
      'Value of the named tag currently attached to the resource being accessed. Used for attribute-based access control, e.g. matching it against ${aws:PrincipalTag/...}.',
    multivalued: false, category: 'resource',
    availability: 'Only when the resource has a tag with that key and the service supports tag-based authorization for the action.',
    supportsPolicyVariable: true,
  },

  // ---------------------------------------------------------------------------
  // Properties of the request
  // ---------------------------------------------------------------------------
  {
    key: 'aws:CalledVia',
    type: 'ArrayOfString',
    description:
      'Ordered list of the service principals that made the request chain on behalf of the caller using its credentials (forward access sessions). It is set-valued, so use ForAnyValue:/ForAllValues:; the order cannot be enforced with this key.',
    multivalued: true, category: 'request',
    availability:
      'Only when a supporting service (such as Athena, CloudFormation, DynamoDB or KMS) re-uses the caller\'s credentials to call another service; absent for direct calls and for calls made with service or service-linked roles.',
    supportsPolicyVariable: false,
  },
  {
    key: 'aws:CalledViaFirst',
    type: 'String',
    description: 'Service principal of the first service in the aws:CalledVia chain.',
    multivalued: false, category: 'request',
    availability: 'Only when a service re-uses the caller\'s credentials to make at least one further request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:CalledViaLast',
    type: 'String',
    description: 'Service principal of the last service in the aws:CalledVia chain, i.e. the one that made the current request.',
    multivalued: false, category: 'request',
    availability: 'Only when a service re-uses the caller\'s credentials to make at least one further request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:ViaAWSService',
    type: 'Bool',
    description:
      'True when an AWS service made the request using the calling principal\'s credentials (forward access session), false when the principal called directly. Commonly used to exempt such service calls from IP or VPC restrictions.',
    multivalued: false, category: 'request',
    availability: 'Present on every request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:CalledViaAWSMCP',
    type: 'String',
    description:
      'Service principal of the AWS managed MCP server (for example aws-mcp.amazonaws.com) through which an AI agent\'s request was forwarded. Lets you deny or allow actions coming through a particular MCP server.',
    multivalued: false, category: 'request',
    availability: 'Only when the request was forwarded by an AWS managed MCP server.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:ViaAWSMCPService',
    type: 'Bool',
    description:
      'True when the request passed through any AWS managed MCP server. A Deny with Bool "true" blocks every action initiated by agents through those servers while leaving direct calls untouched.',
    multivalued: false, category: 'request',
    availability: 'Set on requests forwarded by AWS managed MCP servers.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:CurrentTime',
    type: 'Date',
    description:
      'Date and time at which the request is evaluated. Use date operators to make access valid only within a time window.',
    multivalued: false, category: 'request',
    availability: 'Present on every request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:EpochTime',
    type: 'Date',
    description:
      'Request time expressed in epoch (Unix) seconds. Works with date operators and also with numeric operators.',
    multivalued: false, category: 'request',
    availability: 'Present on every request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:referer',
    type: 'String',
    description:
      'Value of the HTTP Referer header sent by the client, mainly for browser access to S3. The header is supplied by the caller and easily forged, so it must not be relied on for security.',
    multivalued: false, category: 'request',
    availability: 'Only when the client includes a Referer header (typically browser requests to S3).',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:RequestedRegion',
    type: 'String',
    description:
      'Region code the request is sent to, such as eu-west-1. Used to deny activity outside approved Regions; calls to global services like IAM resolve to the service\'s home Region (us-east-1 in the commercial partition).',
    multivalued: false, category: 'request',
    availability: 'Present on every request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:RequestTag/${TagKey}',
    type: 'String',
    description:
      'Value of a tag that the request is trying to set (on create or tag operations). Used to require certain tags or allowed tag values when resources are created or tagged.',
    multivalued: false, category: 'request',
    availability: 'Only when the request includes a tag with that key.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:TagKeys',
    type: 'ArrayOfString',
    description:
      'Set of tag keys included in the request. Use ForAllValues: to limit which tag keys may be set and ForAnyValue: to detect a forbidden key.',
    multivalued: true, category: 'request',
    availability: 'Only when the request includes tags.',
    supportsPolicyVariable: false,
  },
  {
    key: 'aws:SecureTransport',
    type: 'Bool',
    description:
      'Whether the request was sent over TLS (HTTPS). A Deny on Bool "false" is the standard way to enforce encrypted transport, e.g. in S3 bucket policies.',
    multivalued: false, category: 'request',
    availability: 'Present on every request.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:SourceArn',
    type: 'ARN',
    description:
      'ARN of the resource on whose behalf an AWS service principal is calling your resource (for example the SNS topic or S3 bucket that triggers an action). Key control against the confused-deputy problem in resource and trust policies.',
    multivalued: false, category: 'request',
    availability: 'Only when a service principal calls your resource on behalf of another resource and the service supplies it.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:SourceAccount',
    type: 'String',
    description:
      'Account ID owning the resource on whose behalf an AWS service principal is calling your resource. Used with or instead of aws:SourceArn to prevent confused-deputy access.',
    multivalued: false, category: 'request',
    availability: 'Only when a service principal calls your resource on behalf of another resource and the service supplies it.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:SourceOwner',
    type: 'String',
    description:
      'Account ID of the owner of the source resource, provided by a few services as an older alternative to aws:SourceAccount (for example some SNS and SES integrations).',
    multivalued: false, category: 'request',
    availability: 'Only for the limited set of services that populate it when calling on behalf of a resource.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:SourceOrgPaths',
    type: 'ArrayOfString',
    description:
      'AWS Organizations path(s) of the account owning the resource on whose behalf a service principal is calling. Set-valued, so use ForAnyValue: (typically with StringLike).',
    multivalued: true, category: 'request',
    availability:
      'Only when a service principal calls on behalf of a resource owned by an account that is a member of an organization.',
    supportsPolicyVariable: false,
  },
  {
    key: 'aws:SourceOrgID',
    type: 'String',
    description:
      'Organization ID of the account owning the resource on whose behalf a service principal is calling. Allows organization-wide confused-deputy protection without listing accounts.',
    multivalued: false, category: 'request',
    availability:
      'Only when a service principal calls on behalf of a resource owned by an account that is a member of an organization.',
    supportsPolicyVariable: true,
  },
  {
    key: 'aws:UserAgent',
    type: 'String',
    description:
      'User-Agent string sent by the client application. It is fully controlled by the caller, so it is informational and must not be used to grant or deny access for security purposes.',
    multivalued: false, category: 'request',
    availability: 'Present when the client sends a User-Agent header (almost always).',
    supportsPolicyVariable: true,
  },
];
