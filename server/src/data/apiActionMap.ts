/**
 * API operation names that people write as IAM actions although the IAM action has another name.
 * Curated from the "Permissions" sections of the AWS API references (S3, Lambda), in our own
 * words: only mappings those pages state. Keys are lower-cased `service:ApiName`; values are
 * the IAM actions the operation needs (all of them, e.g. CopyObject reads one object and writes
 * another). A test checks that no key is itself an IAM action and every value is one.
 */
export const API_ACTION_MAP: Readonly<Record<string, readonly string[]>> = {
  // Amazon S3 (API reference, "Permissions" of each operation)
  's3:listobjects': ['s3:ListBucket'],
  's3:listobjectsv2': ['s3:ListBucket'],
  's3:listobjectversions': ['s3:ListBucketVersions'],
  's3:headbucket': ['s3:ListBucket'],
  's3:headobject': ['s3:GetObject'],
  's3:listbuckets': ['s3:ListAllMyBuckets'],
  's3:deleteobjects': ['s3:DeleteObject'],
  's3:copyobject': ['s3:GetObject', 's3:PutObject'],
  's3:createmultipartupload': ['s3:PutObject'],
  's3:uploadpart': ['s3:PutObject'],
  's3:completemultipartupload': ['s3:PutObject'],
  's3:listmultipartuploads': ['s3:ListBucketMultipartUploads'],
  's3:listparts': ['s3:ListMultipartUploadParts'],
  's3:selectobjectcontent': ['s3:GetObject'],
  's3:getbucketlifecycleconfiguration': ['s3:GetLifecycleConfiguration'],
  's3:putbucketlifecycleconfiguration': ['s3:PutLifecycleConfiguration'],
  's3:getbucketnotificationconfiguration': ['s3:GetBucketNotification'],
  's3:putbucketnotificationconfiguration': ['s3:PutBucketNotification'],
  's3:getbucketencryption': ['s3:GetEncryptionConfiguration'],
  's3:putbucketencryption': ['s3:PutEncryptionConfiguration'],
  // AWS Lambda (API reference, Invoke: "lambda:InvokeFunction")
  'lambda:invoke': ['lambda:InvokeFunction'],
};

/** The IAM actions an API operation name needs, when curated; undefined otherwise. */
export function iamActionsForApiName(action: string): readonly string[] | undefined {
  return API_ACTION_MAP[action.toLowerCase()];
}
