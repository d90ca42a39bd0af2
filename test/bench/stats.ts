/** What the benches share: percentiles and the action names their generated workloads use. */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

export const BENCH_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'logs:PutLogEvents', 'logs:CreateLogStream', 'kms:Decrypt', 'ssm:GetParameter'];
