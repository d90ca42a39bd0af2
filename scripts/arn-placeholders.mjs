// Lists the placeholder names of the reference-data ARN formats (dist/data/services/<prefix>.json,
// the resource types `r`: [name, ARN format, condition keys]) with how often each ends a template
// or stands in its middle, and an example. Used to decide which placeholders may contain "/" (see
// SLASH_IN_LAST and SLASH_ANYWHERE in server/src/data/arnPattern.ts).
//   node scripts/arn-placeholders.mjs [name regex]     (after npm run build)
import fs from 'node:fs';
import path from 'node:path';

// The data format this script reads (DATA_FORMAT in server/src/data/iamDataFormat.ts): another
// format is refused rather than read as nothing.
const FORMATS = [3, 4];
const dataDir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'data');
const index = JSON.parse(fs.readFileSync(path.join(dataDir, 'iam-index.json'), 'utf8'));
if (!FORMATS.includes(index.format)) {
  console.error(`arn-placeholders: dist/data is in format ${index.format}, this script reads ${FORMATS.join(', ')}: run "npm run build", or update the script`);
  process.exit(2);
}
const filter = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
const counts = new Map();
let templates = 0;
for (const prefix of Object.keys(index.services)) {
  const file = path.join(dataDir, 'services', `${prefix}.json`);
  if (!fs.existsSync(file)) continue;
  const { r } = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const [, arn] of r) {
    templates++;
    const holes = [...String(arn).matchAll(/\$\{([^}]+)\}/g)];
    holes.forEach((m, i) => {
      if (filter && !filter.test(m[1])) return;
      const c = counts.get(m[1]) ?? { last: 0, middle: 0, example: arn };
      if (i === holes.length - 1) c.last++;
      else c.middle++;
      counts.set(m[1], c);
    });
  }
}
if (templates === 0) {
  console.error('arn-placeholders: no ARN format found in dist/data/services');
  process.exit(2);
}
for (const [name, c] of [...counts].sort((a, b) => b[1].last - a[1].last || a[0].localeCompare(b[0]))) {
  console.log(`${name}\tlast ${c.last}\tmiddle ${c.middle}\t${c.example}`);
}
