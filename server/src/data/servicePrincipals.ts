/**
 * Commonly used AWS service principals for role trust policies and resource
 * policies. Descriptions are our own summaries of what each principal is
 * usually trusted or granted access for.
 *
 * Notes:
 *  - Some services use Region-specific principals (e.g. logs.<region>.amazonaws.com);
 *    only the Region-neutral form is listed here.
 *  - cognito-identity.amazonaws.com is used as a "Federated" principal
 *    (sts:AssumeRoleWithWebIdentity), not as a "Service" principal.
 */

export interface ServicePrincipalDoc {
  /** Service principal name, e.g. 'lambda.amazonaws.com'. */
  principal: string;
  /** IAM service prefix, e.g. 'lambda'. */
  service: string;
  /** Own words: what it is typically trusted for. */
  description: string;
}

export const SERVICE_PRINCIPALS: ServicePrincipalDoc[] = [
  // --- Compute ----------------------------------------------------------------
  { principal: 'lambda.amazonaws.com', service: 'lambda', description: 'Assumes a function\'s execution role; also the principal granted lambda:InvokeFunction-style access by other resources.' },
  { principal: 'edgelambda.amazonaws.com', service: 'lambda', description: 'Must be trusted (alongside lambda.amazonaws.com) by the execution role of Lambda@Edge functions replicated to CloudFront locations.' },
  { principal: 'ec2.amazonaws.com', service: 'ec2', description: 'Assumes roles attached to EC2 instances through instance profiles so software on the instance gets credentials.' },
  { principal: 'spotfleet.amazonaws.com', service: 'ec2', description: 'Trusted by the Spot Fleet role that lets the service request, launch and tag Spot Instances for you.' },
  { principal: 'vpc-flow-logs.amazonaws.com', service: 'ec2', description: 'Assumes the role that publishes VPC Flow Logs to CloudWatch Logs.' },
  { principal: 'autoscaling.amazonaws.com', service: 'autoscaling', description: 'EC2 Auto Scaling; trusted by its service-linked role and referenced in KMS key policies for encrypted volumes.' },
  { principal: 'application-autoscaling.amazonaws.com', service: 'application-autoscaling', description: 'Application Auto Scaling, which adjusts capacity of targets such as ECS services, DynamoDB tables or Aurora replicas.' },
  { principal: 'batch.amazonaws.com', service: 'batch', description: 'AWS Batch service role that manages compute environments on your behalf.' },
  { principal: 'elasticbeanstalk.amazonaws.com', service: 'elasticbeanstalk', description: 'Elastic Beanstalk service role used to monitor environments and perform managed updates.' },
  { principal: 'build.apprunner.amazonaws.com', service: 'apprunner', description: 'App Runner access role used to pull images from private ECR repositories.' },
  { principal: 'tasks.apprunner.amazonaws.com', service: 'apprunner', description: 'App Runner instance role assumed by the running service code to call AWS APIs.' },

  // --- Containers -------------------------------------------------------------
  { principal: 'ecs-tasks.amazonaws.com', service: 'ecs', description: 'Assumes ECS task roles (for application code) and task execution roles (for pulling images and writing logs).' },
  { principal: 'ecs.amazonaws.com', service: 'ecs', description: 'Amazon ECS itself, e.g. for its service-linked role or infrastructure roles managing load balancers and volumes.' },
  { principal: 'eks.amazonaws.com', service: 'eks', description: 'Trusted by the EKS cluster role that lets the control plane manage AWS resources for the cluster.' },
  { principal: 'eks-fargate-pods.amazonaws.com', service: 'eks', description: 'Trusted by the EKS Fargate pod execution role used to pull images and register Fargate nodes.' },
  { principal: 'pods.eks.amazonaws.com', service: 'eks', description: 'EKS Pod Identity agent principal; trusted by roles associated with Kubernetes service accounts via Pod Identity.' },

  // --- Serverless integration / orchestration ---------------------------------
  { principal: 'states.amazonaws.com', service: 'states', description: 'Assumes the execution role of Step Functions state machines to invoke tasks and integrated services.' },
  { principal: 'events.amazonaws.com', service: 'events', description: 'EventBridge (CloudWatch Events); needs permission to deliver events to targets such as Lambda, SNS, SQS or other event buses.' },
  { principal: 'scheduler.amazonaws.com', service: 'scheduler', description: 'EventBridge Scheduler; assumes the execution role used to invoke schedule targets.' },
  { principal: 'pipes.amazonaws.com', service: 'pipes', description: 'EventBridge Pipes; assumes the pipe role to read from sources and write to targets.' },
  { principal: 'apigateway.amazonaws.com', service: 'apigateway', description: 'API Gateway; invokes Lambda integrations and assumes roles for AWS service integrations and CloudWatch logging.' },
  { principal: 'appsync.amazonaws.com', service: 'appsync', description: 'AWS AppSync; assumes roles to reach data sources such as DynamoDB, Lambda or OpenSearch and to write logs.' },
  { principal: 'sns.amazonaws.com', service: 'sns', description: 'Amazon SNS; granted access to deliver to SQS queues or Lambda, and assumes roles for delivery status logging and SMS.' },
  { principal: 'sqs.amazonaws.com', service: 'sqs', description: 'Amazon SQS service principal, seen for example in KMS key policies and service integrations.' },

  // --- Storage ----------------------------------------------------------------
  { principal: 's3.amazonaws.com', service: 's3', description: 'Amazon S3; sends event notifications to SNS/SQS/Lambda, writes server access logs and inventory, and assumes replication roles.' },
  { principal: 'batchoperations.s3.amazonaws.com', service: 's3', description: 'Assumes the role that S3 Batch Operations uses to run jobs against lists of objects.' },
  { principal: 'backup.amazonaws.com', service: 'backup', description: 'AWS Backup; assumes the role used to create, copy and restore recovery points.' },
  { principal: 'dlm.amazonaws.com', service: 'dlm', description: 'Data Lifecycle Manager; assumes the role that creates and deletes EBS snapshots and AMIs per lifecycle policies.' },
  { principal: 'storagegateway.amazonaws.com', service: 'storagegateway', description: 'Storage Gateway; assumes roles to access the S3 buckets backing file shares.' },
  { principal: 'datasync.amazonaws.com', service: 'datasync', description: 'AWS DataSync; assumes the role used to read from and write to S3 locations during transfers.' },
  { principal: 'transfer.amazonaws.com', service: 'transfer', description: 'AWS Transfer Family; assumes user roles to reach S3 or EFS and logging roles for CloudWatch.' },

  // --- Databases --------------------------------------------------------------
  { principal: 'rds.amazonaws.com', service: 'rds', description: 'Amazon RDS/Aurora; assumes roles for features like S3 import/export, Lambda invocation and exports.' },
  { principal: 'monitoring.rds.amazonaws.com', service: 'rds', description: 'Assumes the role used by RDS Enhanced Monitoring to publish OS metrics to CloudWatch Logs.' },
  { principal: 'redshift.amazonaws.com', service: 'redshift', description: 'Amazon Redshift; assumes roles for COPY/UNLOAD, Spectrum and other integrations with S3 and Glue.' },
  { principal: 'redshift-serverless.amazonaws.com', service: 'redshift-serverless', description: 'Redshift Serverless; assumes roles associated with a namespace to access other services.' },
  { principal: 'dynamodb.amazonaws.com', service: 'dynamodb', description: 'Amazon DynamoDB service principal, e.g. for its service-linked roles and KMS key access.' },
  { principal: 'dax.amazonaws.com', service: 'dax', description: 'DynamoDB Accelerator; assumes the role that lets the DAX cluster access DynamoDB tables.' },
  { principal: 'dms.amazonaws.com', service: 'dms', description: 'Database Migration Service; assumes roles such as dms-vpc-role and roles for S3 or Kinesis endpoints.' },

  // --- Analytics --------------------------------------------------------------
  { principal: 'glue.amazonaws.com', service: 'glue', description: 'AWS Glue; assumes the role used by crawlers, ETL jobs, interactive sessions and development endpoints.' },
  { principal: 'databrew.amazonaws.com', service: 'databrew', description: 'AWS Glue DataBrew; assumes the role that reads datasets and writes job output.' },
  { principal: 'athena.amazonaws.com', service: 'athena', description: 'Amazon Athena service principal, e.g. in policies that allow calls made via Athena.' },
  { principal: 'lakeformation.amazonaws.com', service: 'lakeformation', description: 'AWS Lake Formation; assumes roles registered for data lake locations to vend data access.' },
  { principal: 'elasticmapreduce.amazonaws.com', service: 'elasticmapreduce', description: 'Amazon EMR; trusted by the EMR service role that provisions and manages cluster resources.' },
  { principal: 'emr-containers.amazonaws.com', service: 'emr-containers', description: 'EMR on EKS; referenced when job execution roles and service-linked roles are set up for virtual clusters.' },
  { principal: 'emr-serverless.amazonaws.com', service: 'emr-serverless', description: 'EMR Serverless; assumes the job runtime role used by Spark and Hive jobs.' },
  { principal: 'firehose.amazonaws.com', service: 'firehose', description: 'Amazon Data Firehose; assumes the delivery stream role to read sources and write to S3, Redshift, OpenSearch and others.' },
  { principal: 'kinesisanalytics.amazonaws.com', service: 'kinesisanalytics', description: 'Managed Service for Apache Flink (Kinesis Data Analytics); assumes the application service execution role.' },
  { principal: 'kafka.amazonaws.com', service: 'kafka', description: 'Amazon MSK service principal, used for its service-linked role and integrations.' },
  { principal: 'kafkaconnect.amazonaws.com', service: 'kafkaconnect', description: 'MSK Connect; assumes the service execution role of connectors.' },
  { principal: 'es.amazonaws.com', service: 'es', description: 'Amazon OpenSearch Service; used for its service-linked role and roles such as snapshot or Cognito access.' },
  { principal: 'osis-pipelines.amazonaws.com', service: 'osis', description: 'OpenSearch Ingestion; assumes the pipeline role to read sources and write to OpenSearch sinks.' },
  { principal: 'quicksight.amazonaws.com', service: 'quicksight', description: 'Amazon QuickSight; assumes the service role that reads data sources such as S3, Athena and Redshift.' },
  { principal: 'airflow.amazonaws.com', service: 'airflow', description: 'Amazon MWAA (Managed Workflows for Apache Airflow); trusted by the environment execution role.' },
  { principal: 'airflow-env.amazonaws.com', service: 'airflow', description: 'Amazon MWAA environment principal, trusted together with airflow.amazonaws.com by the execution role.' },
  { principal: 'appflow.amazonaws.com', service: 'appflow', description: 'Amazon AppFlow; needs access to S3 buckets, KMS keys and Redshift used as flow sources or destinations.' },
  { principal: 'datazone.amazonaws.com', service: 'datazone', description: 'Amazon DataZone; assumes domain execution and provisioning roles.' },

  // --- Machine learning / AI --------------------------------------------------
  { principal: 'sagemaker.amazonaws.com', service: 'sagemaker', description: 'Amazon SageMaker AI; assumes execution roles for notebooks, training, processing jobs and endpoints.' },
  { principal: 'bedrock.amazonaws.com', service: 'bedrock', description: 'Amazon Bedrock; assumes service roles for agents, knowledge bases, model customization and batch inference.' },
  { principal: 'comprehend.amazonaws.com', service: 'comprehend', description: 'Amazon Comprehend; assumes the data access role for asynchronous analysis and training jobs.' },
  { principal: 'kendra.amazonaws.com', service: 'kendra', description: 'Amazon Kendra; assumes index and data source roles to crawl content and write logs.' },
  { principal: 'personalize.amazonaws.com', service: 'personalize', description: 'Amazon Personalize; assumes the role used to import data from and export to S3.' },
  { principal: 'forecast.amazonaws.com', service: 'forecast', description: 'Amazon Forecast; assumes the role that reads training data from and writes forecasts to S3.' },
  { principal: 'rekognition.amazonaws.com', service: 'rekognition', description: 'Amazon Rekognition; assumes the role that publishes video analysis completion to SNS or reads Kinesis streams.' },
  { principal: 'textract.amazonaws.com', service: 'textract', description: 'Amazon Textract; assumes the role used to publish asynchronous job completion to an SNS topic.' },
  { principal: 'transcribe.amazonaws.com', service: 'transcribe', description: 'Amazon Transcribe; assumes the data access role for input media and output locations.' },
  { principal: 'translate.amazonaws.com', service: 'translate', description: 'Amazon Translate; assumes the data access role for batch translation input and output in S3.' },
  { principal: 'lex.amazonaws.com', service: 'lex', description: 'Amazon Lex (V1) service principal for bots and channel integrations.' },
  { principal: 'lexv2.amazonaws.com', service: 'lex', description: 'Amazon Lex V2; assumes bot runtime roles and invokes Lambda fulfillment hooks.' },

  // --- Developer tools --------------------------------------------------------
  { principal: 'codebuild.amazonaws.com', service: 'codebuild', description: 'AWS CodeBuild; assumes the project service role used during builds.' },
  { principal: 'codepipeline.amazonaws.com', service: 'codepipeline', description: 'AWS CodePipeline; assumes the pipeline service role that moves artifacts and triggers actions.' },
  { principal: 'codedeploy.amazonaws.com', service: 'codedeploy', description: 'AWS CodeDeploy; assumes the service role used to deploy to EC2, on-premises, Lambda or ECS.' },
  { principal: 'codestar-notifications.amazonaws.com', service: 'codestar-notifications', description: 'Developer Tools notifications; must be allowed to publish to the target SNS topic.' },
  { principal: 'cloudformation.amazonaws.com', service: 'cloudformation', description: 'AWS CloudFormation; assumes stack service roles and StackSets administration/execution roles.' },
  { principal: 'servicecatalog.amazonaws.com', service: 'servicecatalog', description: 'AWS Service Catalog; assumes launch constraint roles when provisioning products.' },
  { principal: 'serverlessrepo.amazonaws.com', service: 'serverlessrepo', description: 'Serverless Application Repository; needs read access to S3 buckets holding published application artifacts.' },
  { principal: 'amplify.amazonaws.com', service: 'amplify', description: 'AWS Amplify Hosting; assumes the service role used for builds and backend deployments.' },

  // --- Management, governance and logging -------------------------------------
  { principal: 'cloudtrail.amazonaws.com', service: 'cloudtrail', description: 'AWS CloudTrail; writes log files to S3 buckets, delivers to CloudWatch Logs via a role and uses KMS keys.' },
  { principal: 'config.amazonaws.com', service: 'config', description: 'AWS Config; assumes the recorder role and delivers snapshots and history to S3 and SNS.' },
  { principal: 'logs.amazonaws.com', service: 'logs', description: 'CloudWatch Logs (Region-specific form logs.<region>.amazonaws.com is also common); uses KMS keys, exports to S3 and sends subscription data.' },
  { principal: 'delivery.logs.amazonaws.com', service: 'logs', description: 'Vended log delivery; writes logs from services such as VPC Flow Logs, Route 53 Resolver or Network Firewall to S3 or CloudWatch Logs.' },
  { principal: 'cloudwatch.amazonaws.com', service: 'cloudwatch', description: 'Amazon CloudWatch, e.g. allowed to publish alarm notifications to encrypted SNS topics.' },
  { principal: 'ssm.amazonaws.com', service: 'ssm', description: 'AWS Systems Manager; assumes roles for Automation, Maintenance Windows, hybrid activations and notifications.' },
  { principal: 'route53.amazonaws.com', service: 'route53', description: 'Amazon Route 53, e.g. granted rights to write public DNS query logs to CloudWatch Logs.' },
  { principal: 'chatbot.amazonaws.com', service: 'chatbot', description: 'Amazon Q Developer in chat applications (AWS Chatbot); assumes channel roles to run commands from Slack, Teams or Chime.' },
  { principal: 'budgets.amazonaws.com', service: 'budgets', description: 'AWS Budgets; publishes alerts to SNS and assumes roles that run budget actions.' },
  { principal: 'billingreports.amazonaws.com', service: 'cur', description: 'Cost and Usage Reports; must be able to write report files into the destination S3 bucket.' },
  { principal: 'bcm-data-exports.amazonaws.com', service: 'bcm-data-exports', description: 'Billing and Cost Management Data Exports; writes export files into the destination S3 bucket.' },

  // --- Security, identity and compliance --------------------------------------
  { principal: 'guardduty.amazonaws.com', service: 'guardduty', description: 'Amazon GuardDuty; exports findings to S3 with KMS encryption and uses a service-linked role.' },
  { principal: 'malware-protection-plan.guardduty.amazonaws.com', service: 'guardduty', description: 'GuardDuty Malware Protection for S3; assumes the role that scans and tags newly uploaded objects.' },
  { principal: 'securityhub.amazonaws.com', service: 'securityhub', description: 'AWS Security Hub service principal used for its service-linked role and integrations.' },
  { principal: 'access-analyzer.amazonaws.com', service: 'access-analyzer', description: 'IAM Access Analyzer service principal used for its service-linked role.' },
  { principal: 'inspector2.amazonaws.com', service: 'inspector2', description: 'Amazon Inspector; uses KMS keys and S3 buckets for findings reports and has a service-linked role.' },
  { principal: 'macie.amazonaws.com', service: 'macie2', description: 'Amazon Macie; writes sensitive data discovery results to S3 and uses KMS keys.' },
  { principal: 'secretsmanager.amazonaws.com', service: 'secretsmanager', description: 'AWS Secrets Manager; must be allowed to invoke rotation Lambda functions.' },
  { principal: 'acm-pca.amazonaws.com', service: 'acm-pca', description: 'AWS Private CA; writes certificate revocation lists and audit reports to S3.' },
  { principal: 'ds.amazonaws.com', service: 'ds', description: 'AWS Directory Service; assumes roles for directory features such as log forwarding and SSO integration.' },
  { principal: 'cognito-idp.amazonaws.com', service: 'cognito-idp', description: 'Cognito user pools; assumes the role used to send SMS messages and emit analytics.' },
  { principal: 'cognito-identity.amazonaws.com', service: 'cognito-identity', description: 'Cognito identity pools; appears as a Federated principal in trust policies for roles assumed via web identity.' },

  // --- Networking and content delivery ----------------------------------------
  { principal: 'cloudfront.amazonaws.com', service: 'cloudfront', description: 'Amazon CloudFront; granted read access to S3 origins through Origin Access Control and to Lambda function URLs.' },
  { principal: 'elasticloadbalancing.amazonaws.com', service: 'elasticloadbalancing', description: 'Elastic Load Balancing service principal, e.g. for its service-linked role and access log delivery in some Regions.' },
  { principal: 'logdelivery.elasticloadbalancing.amazonaws.com', service: 'elasticloadbalancing', description: 'Writes load balancer access and connection logs to S3 in Regions that use service-principal-based log delivery.' },

  // --- Application integration, messaging, IoT, end-user ----------------------
  { principal: 'ses.amazonaws.com', service: 'ses', description: 'Amazon SES; stores received email in S3, publishes to SNS and invokes Lambda receipt rules.' },
  { principal: 'pinpoint.amazonaws.com', service: 'mobiletargeting', description: 'Amazon Pinpoint; assumes roles to import segments and stream events to Kinesis or Firehose.' },
  { principal: 'connect.amazonaws.com', service: 'connect', description: 'Amazon Connect; invokes Lambda functions from contact flows and accesses storage for recordings.' },
  { principal: 'iot.amazonaws.com', service: 'iot', description: 'AWS IoT Core; assumes rule action roles to route messages to other services.' },
  { principal: 'credentials.iot.amazonaws.com', service: 'iot', description: 'AWS IoT credentials provider; trusted by roles behind role aliases so devices can exchange certificates for temporary credentials.' },
  { principal: 'greengrass.amazonaws.com', service: 'greengrass', description: 'AWS IoT Greengrass service role for accessing resources on behalf of core devices.' },
  { principal: 'workspaces.amazonaws.com', service: 'workspaces', description: 'Amazon WorkSpaces; assumes the workspaces_DefaultRole to manage directories and network interfaces.' },
  { principal: 'appstream.amazonaws.com', service: 'appstream', description: 'Amazon AppStream 2.0; assumes roles attached to fleets and image builders and writes to home folder buckets.' },

  // --- Media and games --------------------------------------------------------
  { principal: 'mediaconvert.amazonaws.com', service: 'mediaconvert', description: 'AWS Elemental MediaConvert; assumes the role that reads input media and writes outputs in S3.' },
  { principal: 'medialive.amazonaws.com', service: 'medialive', description: 'AWS Elemental MediaLive; assumes the channel role to access inputs, outputs and parameters.' },
  { principal: 'gamelift.amazonaws.com', service: 'gamelift', description: 'Amazon GameLift; assumes roles so game servers and builds can access other AWS resources.' },
];
