// A small SVG bar chart of the headline figures, no dependencies.
export interface ChartRow {
  system: string;
  rps: number;
  cpuUs: number;
  addedP50Us: number;
  idleRssMb: number;
}

const COLORS: Record<string, string> = { direct: '#888', node: '#3c873a', bun: '#c9a227', deno: '#2b6cb0' };
/** A runtime's minimal proxy is drawn in its colour, lighter, labelled "min". */
const color = (system: string) => (system.endsWith('(minimal)') ? `${COLORS[system.split(' ')[0]!] ?? '#555'}80` : (COLORS[system] ?? '#555'));
const label = (system: string) => system.replace(' (minimal)', ' min');

export function drawChart(rows: ChartRow[]): string {
  const panels: Array<{ title: string; value: (r: ChartRow) => number; unit: string; skipDirect?: boolean }> = [
    { title: 'Throughput at c=100', value: (r) => r.rps, unit: 'req/s' },
    { title: 'Gateway CPU per request', value: (r) => r.cpuUs, unit: 'µs', skipDirect: true },
    { title: 'Added latency p50 at c=1', value: (r) => r.addedP50Us, unit: 'µs', skipDirect: true },
    { title: 'Idle RSS', value: (r) => r.idleRssMb, unit: 'MB', skipDirect: true },
  ];
  const w = 40 + Math.max(4, rows.length) * 56;
  const h = 190;
  const parts = panels.map((p, i) => {
    const data = rows.filter((r) => !(p.skipDirect && r.system === 'direct'));
    const max = Math.max(...data.map(p.value), 1);
    const x0 = (i % 2) * w;
    const y0 = Math.floor(i / 2) * h;
    const bars = data.map((r, j) => {
      const v = p.value(r);
      const bh = (v / max) * 110;
      const x = x0 + 30 + j * 56;
      return `<rect x="${x}" y="${y0 + 150 - bh}" width="44" height="${bh}" fill="${color(r.system)}"/><text x="${x + 22}" y="${y0 + 145 - bh}" font-size="10" text-anchor="middle">${Math.round(v)}</text><text x="${x + 22}" y="${y0 + 165}" font-size="10" text-anchor="middle">${label(r.system)}</text>`;
    });
    return `<text x="${x0 + 20}" y="${y0 + 22}" font-size="13" font-weight="bold">${p.title} (${p.unit})</text>${bars.join('')}`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * w}" height="${2 * h}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>\n`;
}
