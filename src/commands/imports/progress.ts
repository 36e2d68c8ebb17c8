/** The import's progress bar (a terminal: one line redrawn; a log: a line every 5 s) and its printed report. */
import type { ImportProgress, ImportReport } from "./types.js";

export function progressBar(out: NodeJS.WriteStream) {
  let last = 0;
  let drawn = false;
  return {
    update(p: ImportProgress) {
      const now = Date.now();
      if (!out.isTTY && now - last < 5000 && p.phase === "reading") return;
      last = now;
      const share = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
      const width = 30;
      const filled = Math.round(share * width);
      const left = p.secondsLeft === null ? "" : ` ~${formatSeconds(p.secondsLeft)} left`;
      const line =
        p.phase === "reading"
          ? `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${p.rows.toLocaleString("en")} rows  ${p.rowsPerSecond.toLocaleString("en")} rows/s${left}`
          : `${p.phase}… (${p.rows.toLocaleString("en")} rows read)`;
      if (out.isTTY) {
        out.write(`\r${line.padEnd(100)}`);
        drawn = true;
      } else out.write(line + "\n");
    },
    done() {
      if (drawn) out.write("\n");
      drawn = false;
    },
  };
}

const formatSeconds = (s: number) => (s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`);

export function formatReport(r: ImportReport): string {
  const lines = [`import ${r.importId}: ${r.status} in ${(r.durationMs / 1000).toFixed(1)} s`];
  const rows = Object.entries(r.rows).map(([t, n]) => `${t} ${n}`).join(", ");
  if (rows) lines.push(`  rows read: ${rows}`);
  if (Object.keys(r.encodings).length) lines.push(`  encodings: ${Object.entries(r.encodings).map(([f, e]) => `${f} ${e}`).join(", ")}`);
  if (r.status === "completed") lines.push(`  created: ${Object.entries(r.created).map(([k, n]) => `${n} ${k}`).join(", ")}`);
  if (r.unchangedRows > 0) lines.push(`  unchanged rows (imported before): ${r.unchangedRows}`);
  if (r.errorCount > 0) {
    lines.push(`  ${r.errorCount} bad row(s)${r.errorCount > r.errors.length ? ` (first ${r.errors.length} listed)` : ""}; nothing was written:`);
    lines.push("  file\tline\tfield\tcode\tmessage");
    for (const e of r.errors) lines.push(`  ${e.file}\t${e.line}\t${e.field}\t${e.code}\t${e.message}`);
  }
  return lines.join("\n");
}
