/**
 * AWS partitions and their Region codes.
 *
 * Sources: AWS "Region billing codes" / Regions documentation and the public
 * partition metadata shipped with the AWS SDKs (partitions.json). Pseudo
 * Regions such as "aws-global" are intentionally omitted.
 */

export interface PartitionInfo {
  /** Partition ID as used in ARNs, e.g. 'aws', 'aws-cn'. */
  id: string;
  /** Human-readable partition name. */
  name: string;
  /** Region codes that belong to the partition. */
  regions: string[];
  /** Default DNS suffix for service endpoints in the partition. */
  dnsSuffix: string;
}

export const PARTITIONS: PartitionInfo[] = [
  {
    id: 'aws',
    name: 'AWS Standard (commercial)',
    dnsSuffix: 'amazonaws.com',
    regions: [
      // North America
      'us-east-1', // US East (N. Virginia)
      'us-east-2', // US East (Ohio)
      'us-west-1', // US West (N. California)
      'us-west-2', // US West (Oregon)
      'ca-central-1', // Canada (Central)
      'ca-west-1', // Canada West (Calgary)
      'mx-central-1', // Mexico (Central)
      // South America
      'sa-east-1', // South America (Sao Paulo)
      // Africa
      'af-south-1', // Africa (Cape Town)
      // Asia Pacific
      'ap-east-1', // Asia Pacific (Hong Kong)
      'ap-east-2', // Asia Pacific (Taipei)
      'ap-northeast-1', // Asia Pacific (Tokyo)
      'ap-northeast-2', // Asia Pacific (Seoul)
      'ap-northeast-3', // Asia Pacific (Osaka)
      'ap-south-1', // Asia Pacific (Mumbai)
      'ap-south-2', // Asia Pacific (Hyderabad)
      'ap-southeast-1', // Asia Pacific (Singapore)
      'ap-southeast-2', // Asia Pacific (Sydney)
      'ap-southeast-3', // Asia Pacific (Jakarta)
      'ap-southeast-4', // Asia Pacific (Melbourne)
      'ap-southeast-5', // Asia Pacific (Malaysia)
      'ap-southeast-6', // Asia Pacific (New Zealand)
      'ap-southeast-7', // Asia Pacific (Thailand)
      // Europe
      'eu-central-1', // Europe (Frankfurt)
      'eu-central-2', // Europe (Zurich)
      'eu-north-1', // Europe (Stockholm)
      'eu-south-1', // Europe (Milan)
      'eu-south-2', // Europe (Spain)
      'eu-west-1', // Europe (Ireland)
      'eu-west-2', // Europe (London)
      'eu-west-3', // Europe (Paris)
      // Middle East / Israel
      'il-central-1', // Israel (Tel Aviv)
      'me-central-1', // Middle East (UAE)
      'me-south-1', // Middle East (Bahrain)
    ],
  },
  {
    id: 'aws-cn',
    name: 'AWS China',
    dnsSuffix: 'amazonaws.com.cn',
    regions: [
      'cn-north-1', // China (Beijing)
      'cn-northwest-1', // China (Ningxia)
    ],
  },
  {
    id: 'aws-us-gov',
    name: 'AWS GovCloud (US)',
    dnsSuffix: 'amazonaws.com',
    regions: [
      'us-gov-east-1', // AWS GovCloud (US-East)
      'us-gov-west-1', // AWS GovCloud (US-West)
    ],
  },
  {
    id: 'aws-iso',
    name: 'AWS ISO (US)',
    dnsSuffix: 'c2s.ic.gov',
    regions: ['us-iso-east-1', 'us-iso-west-1'],
  },
  {
    id: 'aws-iso-b',
    name: 'AWS ISOB (US)',
    dnsSuffix: 'sc2s.sgov.gov',
    regions: ['us-isob-east-1', 'us-isob-west-1'],
  },
  {
    id: 'aws-iso-e',
    name: 'AWS ISOE (Europe)',
    dnsSuffix: 'cloud.adc-e.uk',
    regions: ['eu-isoe-west-1'],
  },
  {
    id: 'aws-iso-f',
    name: 'AWS ISOF',
    dnsSuffix: 'csp.hci.ic.gov',
    regions: ['us-isof-east-1', 'us-isof-south-1'],
  },
  {
    id: 'aws-eusc',
    name: 'AWS European Sovereign Cloud',
    dnsSuffix: 'amazonaws.eu',
    regions: [
      'eusc-de-east-1', // AWS European Sovereign Cloud (Germany)
    ],
  },
];
