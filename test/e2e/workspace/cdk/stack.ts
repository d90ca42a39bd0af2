import { Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export class ReportsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const bucket = new s3.Bucket(this, 'Reports');
    const role = new iam.Role(this, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    role.addToPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObjekt', 's3:ListBucket'],
      resources: ['arn:aws:s3:::reports-bucket', 'arn:aws:s3:::reports-bucket/*'],
    }));

    role.addToPolicy(new iam.PolicyStatement({
      actions: ['s3:*'],
      resources: ['arn:aws:s3:::reports-bucket/exports/*'],
    }));

    bucket.grantRead(role);
  }
}
