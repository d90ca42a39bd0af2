// Lists the placeholder names of the reference-data ARN formats (dist/data/services/*.json,
// resourceTypes[].arn) with how often each ends a template or stands in its middle. Used to
// decide which placeholders may contain "/" (see server/src/data/arnPattern.ts).
//   node scripts/arn-placeholders.mjs [name regex]
import fs from 'node:fs';
import path from 'node:path';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'data', 'services');
const filter = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
const counts = new Map();
for (const f of fs.readdirSync(dir)) {
  const j = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const rts = Array.isArray(j.resourceTypes) ? j.resourceTypes : Object.values(j.resourceTypes ?? {});
  for (const rt of rts) {
    const holes = [...String(rt.arn).matchAll(/\$\{([^}]+)\}/g)];
    holes.forEach((m, i) => {
      if (filter && !filter.test(m[1])) return;
      const c = counts.get(m[1]) ?? { last: 0, middle: 0, example: rt.arn };
      if (i === holes.length - 1) c.last++;
      else c.middle++;
      counts.set(m[1], c);
    });
  }
}
for (const [name, c] of [...counts].sort((a, b) => b[1].last - a[1].last || a[0].localeCompare(b[0]))) {
  console.log(`${name}\tlast ${c.last}\tmiddle ${c.middle}\t${c.example}`);
}
