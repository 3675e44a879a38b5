import { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';

/**
 * Server-rendered SVG charts for the managers' dashboard (docs/web.md, "Dashboard"). d3-scale and d3-shape do the
 * scales and the line geometry; we only write the SVG. Each chart is `role="img"` with a <title> and <desc>, readable
 * without colour (the two series differ by dash pattern and marker shape, named in a text legend) and without
 * JavaScript; the page puts the same figures in a table beside it.
 */
export interface Chart {
  id: string;
  title: string;
  description: string;
  svg: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const WIDTH = 640;

function frame(id: string, title: string, description: string, height: number, body: string): Chart {
  const svg =
    `<svg class="app-chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(description)}</desc>${body}</svg>`;
  return { id, title, description, svg };
}

export interface LineSeries {
  name: string;
  values: (number | null)[];
  /** Solid or dashed; circles or squares: told apart without colour. */
  dashed: boolean;
}

/** A percentage line chart over labelled points (months), with horizontal guide bands at the given values. */
export function percentLineChart(id: string, title: string, description: string, labels: string[], series: LineSeries[], guides: { value: number; label: string }[] = []): Chart {
  const height = 300;
  const m = { top: 20, right: 20, bottom: 60, left: 48 };
  const x = scalePoint<string>().domain(labels).range([m.left, WIDTH - m.right]).padding(0.5);
  const y = scaleLinear().domain([0, 100]).range([height - m.bottom, m.top]);
  const parts: string[] = [];
  for (const tick of y.ticks(5)) {
    parts.push(`<line x1="${m.left}" x2="${WIDTH - m.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#b1b4b6" stroke-width="1"/>`);
    parts.push(`<text x="${m.left - 6}" y="${y(tick) + 4}" text-anchor="end" font-size="12" fill="#0b0c0c">${tick}%</text>`);
  }
  for (const g of guides) {
    parts.push(`<line x1="${m.left}" x2="${WIDTH - m.right}" y1="${y(g.value)}" y2="${y(g.value)}" stroke="#0b0c0c" stroke-width="1" stroke-dasharray="2 4"/>`);
    parts.push(`<text x="${WIDTH - m.right}" y="${y(g.value) - 4}" text-anchor="end" font-size="12" fill="#0b0c0c">${esc(g.label)}</text>`);
  }
  labels.forEach((label, i) => {
    if (i % 3 !== 0) return;
    parts.push(`<text x="${x(label)}" y="${height - m.bottom + 18}" text-anchor="middle" font-size="12" fill="#0b0c0c">${esc(label)}</text>`);
  });
  series.forEach((s, index) => {
    const points = labels.map((label, i) => [x(label) ?? 0, s.values[i]] as [number, number | null]);
    const path = line<[number, number | null]>()
      .defined((p) => p[1] !== null)
      .x((p) => p[0])
      .y((p) => y(p[1] ?? 0))(points);
    const stroke = index === 0 ? '#1d70b8' : '#0b0c0c';
    parts.push(`<path d="${path ?? ''}" fill="none" stroke="${stroke}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const [px, v] of points) {
      if (v === null) continue;
      parts.push(s.dashed ? `<rect x="${px - 3.5}" y="${y(v) - 3.5}" width="7" height="7" fill="${stroke}"/>` : `<circle cx="${px}" cy="${y(v)}" r="3.5" fill="${stroke}"/>`);
    }
    const ly = height - 22 + 0;
    const lx = m.left + index * 300;
    parts.push(`<line x1="${lx}" x2="${lx + 30}" y1="${ly}" y2="${ly}" stroke="${stroke}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(s.dashed ? `<rect x="${lx + 11.5}" y="${ly - 3.5}" width="7" height="7" fill="${stroke}"/>` : `<circle cx="${lx + 15}" cy="${ly}" r="3.5" fill="${stroke}"/>`);
    parts.push(`<text x="${lx + 36}" y="${ly + 4}" font-size="12" fill="#0b0c0c">${esc(s.name)}</text>`);
  });
  return frame(id, title, description, height, parts.join(''));
}

/** Horizontal bars, one per row, each labelled with its name and value (no colour needed to read it). */
export function barChart(id: string, title: string, description: string, rows: { label: string; value: number }[]): Chart {
  const barHeight = 28;
  const m = { top: 10, right: 60, bottom: 10, left: 220 };
  const height = Math.max(1, rows.length) * barHeight + m.top + m.bottom;
  const y = scaleBand<string>().domain(rows.map((_, i) => String(i))).range([m.top, height - m.bottom]).padding(0.2);
  const x = scaleLinear().domain([0, Math.max(1, ...rows.map((r) => r.value))]).range([m.left, WIDTH - m.right]);
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const top = y(String(i)) ?? 0;
    const mid = top + y.bandwidth() / 2 + 4;
    parts.push(`<text x="${m.left - 8}" y="${mid}" text-anchor="end" font-size="13" fill="#0b0c0c">${esc(r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label)}</text>`);
    parts.push(`<rect x="${m.left}" y="${top}" width="${Math.max(0, x(r.value) - m.left)}" height="${y.bandwidth()}" fill="#1d70b8"/>`);
    parts.push(`<text x="${x(r.value) + 6}" y="${mid}" font-size="13" fill="#0b0c0c">${r.value}</text>`);
  });
  if (rows.length === 0) parts.push(`<text x="${m.left}" y="${m.top + 16}" font-size="13" fill="#0b0c0c">Nothing to show</text>`);
  return frame(id, title, description, height, parts.join(''));
}
