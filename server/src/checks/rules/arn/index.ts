import type { Check } from '../../types';
import invalidArnPrefix from './invalid-arn-prefix';
import missingArnField from './missing-arn-field';
import invalidPartition from './invalid-partition';
import invalidArnServiceCase from './invalid-arn-service-case';
import wildcardInServiceName from './wildcard-in-service-name';
import invalidService from './invalid-service';
import invalidArnRegion from './invalid-arn-region';
import arnRegionNotAllowed from './arn-region-not-allowed';
import missingArnRegion from './missing-arn-region';
import arnAccountNotAllowed from './arn-account-not-allowed';
import invalidArnAccount from './invalid-arn-account';
import invalidArnResource from './invalid-arn-resource';

/** Resource ARNs: prefix, fields, partition, service, Region, account, resource part. One file per check in this folder; list each here, in reporting order. */
export const ARN_CHECKS: readonly Check[] = [
  invalidArnPrefix,
  missingArnField,
  invalidPartition,
  invalidArnServiceCase,
  wildcardInServiceName,
  invalidService,
  invalidArnRegion,
  arnRegionNotAllowed,
  missingArnRegion,
  arnAccountNotAllowed,
  invalidArnAccount,
  invalidArnResource,
];
