package com.myorg;

import java.util.List;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.*;
import software.constructs.Construct;

public class Grants extends Stack {
    public Grants(final Construct scope, final String id) {
        super(scope, id);
        Role role = Role.Builder.create(this, "Worker")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();

        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObjekt", "s3:ListBucket"))
                .resources(List.of("arn:aws:s3:::reports-bucket", "arn:aws:s3:::reports-bucket/*"))
                .build());

        PolicyStatement queue = new PolicyStatement();
        queue.addActions("sqs:SendMessage", "sqs:Get*");
        queue.addResources("arn:aws:sqs:us-east-1:123456789012:jobs");
        role.addToPolicy(queue);
    }
}
