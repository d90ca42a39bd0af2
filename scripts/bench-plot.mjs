// Plots the growth bench (out/bench/growth.json, written by `npm run bench`) as a small SVG:
// cold validation and re-validation after an edit (CPU-time p50, ms) against document size (KB),
// both axes logarithmic, one colour per host format. No dependencies.
//   node scripts/bench-plot.mjs [in.json] [out.svg]   (defaults: out/bench/growth.json docs/images/bench-growth.svg)
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const input = path.resolve(process.argv[2] ?? path.join(root, 'out', 'bench', 'growth.json'));
const output = path.resolve(process.argv[3] ?? path.join(root, 'docs', 'images', 'bench-growth.svg'));
const r = JSON.parse(fs.readFileSync(input, 'utf8'));
if (r.kind !== 'iam-policy-author/growth-bench') throw new Error(`${input} is not a growth bench result`);

const W = 640;
const H = 360;
const M = { l: 60, r: 150, t: 34, b: 46 };
const pw = W - M.l - M.r;
const ph = H - M.t - M.b;
const pts = r.rows.flatMap((row) => [row.cold.cpuP50, row.edit.cpuP50].map((y) => ({ x: row.chars / 1024, y: Math.max(y, 0.01) })));
const lg = Math.log10;
const x0 = Math.floor(lg(Math.min(...pts.map((p) => p.x))));
const x1 = Math.ceil(lg(Math.max(...pts.map((p) => p.x))));
const y0 = Math.floor(lg(Math.min(...pts.map((p) => p.y))));
const y1 = Math.ceil(lg(Math.max(...pts.map((p) => p.y))));
const sx = (x) => M.l + ((lg(x) - x0) / Math.max(1, x1 - x0)) * pw;
const sy = (y) => M.t + ph - ((lg(Math.max(y, 0.01)) - y0) / Math.max(1, y1 - y0)) * ph;
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tick = (e) => (e >= 3 ? `${10 ** (e - 3)}k` : e >= 0 ? String(10 ** e) : String(10 ** e));

const COLORS = { json: '#1f77b4', 'cfn-yaml': '#d62728', 'cdk-ts': '#2ca02c' };
const parts = [];
parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
const m = r.machine;
parts.push(`<text x="${M.l}" y="16" font-size="13" font-weight="bold">Validation time vs document size (CPU ms, p50; log-log)</text>`);
parts.push(`<text x="${M.l}" y="29" fill="#555">${esc(`${m.cpu}, ${m.cores} cores, Node ${m.node}, load ${m.loadavg[0]}; ${r.date.slice(0, 10)}`)}</text>`);
for (let e = x0; e <= x1; e++) {
  const x = sx(10 ** e);
  parts.push(`<line x1="${x}" y1="${M.t}" x2="${x}" y2="${M.t + ph}" stroke="#eee"/>`, `<text x="${x}" y="${M.t + ph + 14}" text-anchor="middle">${tick(e)}</text>`);
}
for (let e = y0; e <= y1; e++) {
  const y = sy(10 ** e);
  parts.push(`<line x1="${M.l}" y1="${y}" x2="${M.l + pw}" y2="${y}" stroke="#eee"/>`, `<text x="${M.l - 6}" y="${y + 4}" text-anchor="end">${10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(-e)}</text>`);
}
parts.push(`<rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
parts.push(`<text x="${M.l + pw / 2}" y="${H - 10}" text-anchor="middle">document size (KB)</text>`);
parts.push(`<text transform="translate(14 ${M.t + ph / 2}) rotate(-90)" text-anchor="middle">ms (CPU)</text>`);
let ly = M.t + 6;
for (const host of Object.keys(COLORS)) {
  const rows = r.rows.filter((row) => row.host === host).sort((a, b) => a.chars - b.chars);
  if (!rows.length) continue;
  for (const [which, dash] of [['cold', ''], ['edit', '4 3']]) {
    const p = rows.map((row) => `${sx(row.chars / 1024).toFixed(1)},${sy(row[which].cpuP50).toFixed(1)}`);
    parts.push(`<polyline points="${p.join(' ')}" fill="none" stroke="${COLORS[host]}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    for (const q of p) parts.push(`<circle cx="${q.split(',')[0]}" cy="${q.split(',')[1]}" r="3" fill="${COLORS[host]}"/>`);
    parts.push(`<line x1="${M.l + pw + 12}" y1="${ly}" x2="${M.l + pw + 36}" y2="${ly}" stroke="${COLORS[host]}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    parts.push(`<text x="${M.l + pw + 42}" y="${ly + 4}">${esc(`${host} ${which === 'cold' ? 'cold' : 'after edit'}`)}</text>`);
    ly += 18;
  }
}
parts.push('</svg>');
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, parts.join('\n') + '\n');
console.log(`wrote ${path.relative(process.cwd(), output)} from ${path.relative(process.cwd(), input)}`);
