/** The results of `npm run bench`: the headline table (ratios, targets, PASS/MISS) and bench/results.json. */
import { writeFileSync } from "node:fs";
import { cpus, totalmem, type } from "node:os";
import { fmt, int, printTable, ROOT } from "./common.js";

export interface Measurement {
  id: string;
  item: number;
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  /** value ÷ baseline.value, or for a check without baseline the compared quantity itself. */
  ratio?: number;
  /** e.g. "ratio >= 0.6", "value <= 20" */
  target?: string;
  pass?: boolean;
  detail?: Record<string, unknown>;
}

export function check(quantity: number, op: ">=" | "<=", bound: number) {
  return op === ">=" ? quantity >= bound : quantity <= bound;
}

export function machine() {
  const c = cpus();
  return {
    cpus: c.length,
    model: c[0]?.model.trim() ?? "?",
    ramBytes: totalmem(),
    node: process.version,
    os: `${type()} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

const showValue = (value: number, unit: string) =>
  unit === "bytes" ? `${int(value / 2 ** 20)} MiB` : unit === "ms" ? `${value.toFixed(2)} ms` : `${int(value)} ${unit}`;

export function printHeadline(measurements: Measurement[]) {
  const checked = measurements.filter((m) => m.target !== undefined);
  printTable(
    [
      ["#", "check", "measured", "baseline", "ratio", "target", "result"],
      ...checked.map((m) => [
        String(m.item),
        m.name,
        showValue(m.value, m.unit),
        m.baseline ? showValue(m.baseline.value, m.baseline.unit) : "",
        m.ratio === undefined ? "" : fmt(m.ratio),
        m.target!.replace(">=", "≥").replace("<=", "≤"),
        m.pass ? "PASS" : "MISS",
      ]),
    ],
    [1, 5, 6],
  );
}

export function printOthers(measurements: Measurement[]) {
  const rest = measurements.filter((m) => m.target === undefined);
  if (rest.length === 0) return;
  printTable(
    [
      ["#", "measured (no target)", "value", "baseline", "ratio"],
      ...rest.map((m) => [String(m.item), m.name, showValue(m.value, m.unit), m.baseline ? `${showValue(m.baseline.value, m.baseline.unit)} (${m.baseline.name})` : "", m.ratio === undefined ? "" : fmt(m.ratio)]),
    ],
    [1, 3],
  );
}

export function writeResults(content: Record<string, unknown>) {
  const path = `${ROOT}bench/results.json`;
  writeFileSync(path, JSON.stringify(content, null, 2) + "\n");
  return path;
}
