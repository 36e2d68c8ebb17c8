import type { FC } from "hono/jsx";

/**
 * Charts and plot outlines drawn on the server as SVG: no chart library, no map tiles, nothing from another host.
 * Every figure has a title and a description for screen readers, and the numbers it shows are also in a table on
 * the page (a chart is never the only way to read them).
 */

export interface Bar {
  label: string;
  /** The bar's length, in any unit (the largest bar fills the width). */
  value: number;
  /** What the bar says beside it (the exact figure, formatted by the page). */
  text: string;
}

/** Horizontal bars: one per row, its figure beside it. */
export const BarChart: FC<{ id: string; title: string; bars: Bar[]; width?: number }> = ({ id, title, bars, width = 640 }) => {
  const row = 28;
  // CJK labels are about a font size wide per character; the margin keeps the longest from touching the edge.
  const labelWidth = Math.min(228, Math.max(80, ...bars.map((b) => b.label.length * 14)) + 8);
  const textWidth = 140;
  const plot = width - labelWidth - textWidth - 16;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const height = Math.max(row, bars.length * row) + 8;
  return (
    <svg id={id} class="chart" role="img" aria-labelledby={`${id}-title`} viewBox={`0 0 ${width} ${height}`} width={width} height={height} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-title`}>{title}</title>
      {bars.map((b, i) => {
        const y = 4 + i * row;
        const length = max > 0 ? Math.max(b.value > 0 ? 2 : 0, (b.value / max) * plot) : 0;
        return (
          <g>
            <text x={labelWidth - 8} y={y + 18} text-anchor="end" font-size="14" fill="#1b1b1b">
              {b.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={length.toFixed(1)} height={row - 10} fill="#0b4f8a" />
            <text x={labelWidth + length + 6} y={y + 18} font-size="13" fill="#1b1b1b">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
};

export interface Series {
  name: string;
  color: string;
  values: number[];
}

/** Columns over time (months, years): one group per period, one column per series, with a legend. */
export const ColumnChart: FC<{ id: string; title: string; periods: string[]; series: Series[]; width?: number; height?: number }> = ({ id, title, periods, series, width = 720, height = 260 }) => {
  const left = 44;
  const bottom = 40;
  const top = 28;
  const plotWidth = width - left - 10;
  const plotHeight = height - bottom - top;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const step = periods.length > 0 ? plotWidth / periods.length : plotWidth;
  const column = Math.max(2, (step * 0.8) / Math.max(1, series.length));
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f));
  return (
    <svg id={id} class="chart" role="img" aria-labelledby={`${id}-title`} viewBox={`0 0 ${width} ${height}`} width={width} height={height} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-title`}>{title}</title>
      {series.map((s, i) => (
        <g>
          <rect x={left + i * 150} y={6} width={12} height={12} fill={s.color} />
          <text x={left + i * 150 + 18} y={17} font-size="13" fill="#1b1b1b">
            {s.name}
          </text>
        </g>
      ))}
      {ticks.map((v) => {
        const y = top + plotHeight - (v / max) * plotHeight;
        return (
          <g>
            <line x1={left} x2={width - 10} y1={y} y2={y} stroke="#c9c9c9" />
            <text x={left - 6} y={y + 4} text-anchor="end" font-size="12" fill="#4a4a4a">
              {String(v)}
            </text>
          </g>
        );
      })}
      {periods.map((p, i) => (
        <g>
          {series.map((s, k) => {
            const v = s.values[i] ?? 0;
            const h = (v / max) * plotHeight;
            return <rect x={(left + i * step + step * 0.1 + k * column).toFixed(1)} y={(top + plotHeight - h).toFixed(1)} width={column.toFixed(1)} height={h.toFixed(1)} fill={s.color} />;
          })}
          <text x={(left + i * step + step / 2).toFixed(1)} y={height - bottom + 16} text-anchor="middle" font-size="11" fill="#1b1b1b">
            {p}
          </text>
        </g>
      ))}
    </svg>
  );
};

type Position = [number, number];

/** The rings of a GeoJSON Polygon or MultiPolygon geometry (as stored with a plot), or none. */
export function ringsOf(geometry: unknown): Position[][] {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  const isRing = (r: unknown): r is Position[] => Array.isArray(r) && r.length >= 3 && r.every((p) => Array.isArray(p) && p.length >= 2 && p.every((x) => typeof x === "number" && Number.isFinite(x)));
  if (g?.type === "Polygon" && Array.isArray(g.coordinates)) return g.coordinates.filter(isRing);
  if (g?.type === "MultiPolygon" && Array.isArray(g.coordinates)) return (g.coordinates as unknown[]).flatMap((poly) => (Array.isArray(poly) ? poly.filter(isRing) : []));
  return [];
}

/**
 * A plot's outline from its stored geometry, scaled to fit, north up, with the four boundaries (四至) written on
 * their sides. Without a geometry, the four boundaries around an empty frame.
 */
type Sides = { east: string; south: string; west: string; north: string };
const SIDES_ZH: Sides = { north: "北", south: "南", west: "西", east: "东" };

export const PlotOutline: FC<{ id: string; title: string; geometry: unknown; boundaries: Sides; sides?: Sides; size?: number }> = ({ id, title, geometry, boundaries, sides = SIDES_ZH, size = 320 }) => {
  const rings = ringsOf(geometry);
  const pad = 34;
  const inner = size - 2 * pad;
  const xs = rings.flat().map((p) => p[0]);
  const ys = rings.flat().map((p) => p[1]);
  const [minX, maxX, minY, maxY] = xs.length ? [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)] : [0, 1, 0, 1];
  // One scale for both axes (shape kept); longitude is scaled by cos(latitude) so that a plot is not stretched.
  const lat = ((minY + maxY) / 2) * (Math.PI / 180);
  const kx = Math.abs(minX) <= 180 && Math.abs(maxX) <= 180 && Math.abs(minY) <= 90 && Math.abs(maxY) <= 90 ? Math.cos(lat) : 1;
  const spanX = Math.max((maxX - minX) * kx, 1e-12);
  const spanY = Math.max(maxY - minY, 1e-12);
  const scale = inner / Math.max(spanX, spanY);
  const offX = pad + (inner - spanX * scale) / 2;
  const offY = pad + (inner - spanY * scale) / 2;
  const path = rings
    .map((ring) => ring.map(([x, y], i) => `${i === 0 ? "M" : "L"}${(offX + (x - minX) * kx * scale).toFixed(1)},${(offY + (maxY - y) * scale).toFixed(1)}`).join(" ") + " Z")
    .join(" ");
  return (
    <svg id={id} class="chart" role="img" aria-labelledby={`${id}-title`} viewBox={`0 0 ${size} ${size}`} width={size} height={size} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-title`}>{title}</title>
      <rect x={pad} y={pad} width={inner} height={inner} fill="#f4f6f8" stroke="#c9c9c9" stroke-dasharray="4 4" />
      {path && <path d={path} fill="#cfe3c4" stroke="#1d6b2f" stroke-width="2" fill-rule="evenodd" />}
      <text x={size / 2} y={20} text-anchor="middle" font-size="13" fill="#1b1b1b">
        {`${sides.north} ${boundaries.north}`}
      </text>
      <text x={size / 2} y={size - 10} text-anchor="middle" font-size="13" fill="#1b1b1b">
        {`${sides.south} ${boundaries.south}`}
      </text>
      <text x={12} y={size / 2} font-size="13" fill="#1b1b1b" transform={`rotate(-90 12 ${size / 2})`} text-anchor="middle">
        {`${sides.west} ${boundaries.west}`}
      </text>
      <text x={size - 12} y={size / 2} font-size="13" fill="#1b1b1b" transform={`rotate(90 ${size - 12} ${size / 2})`} text-anchor="middle">
        {`${sides.east} ${boundaries.east}`}
      </text>
    </svg>
  );
};
