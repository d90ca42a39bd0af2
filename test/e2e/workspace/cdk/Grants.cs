using System.Collections.Generic;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace App
{
    public class Grants : Stack
    {
        internal Grants(Construct scope, string id) : base(scope, id)
        {
            var role = new Role(this, "Worker", new RoleProps
            {
                AssumedBy = new ServicePrincipal("lambda.amazonaws.com")
            });

            role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = new [] { "s3:GetObjekt", "s3:ListBucket" },
                Resources = new [] { "arn:aws:s3:::reports-bucket", "arn:aws:s3:::reports-bucket/*" }
            }));

            role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = new List<string> { "sqs:SendMessage", "sqs:Get*" },
                Resources = new [] { "arn:aws:sqs:us-east-1:123456789012:jobs" }
            }));
        }
    }
}
