// The test command (`npm test`): the whole suite on Node with libSQL files, then the HTTP acceptance suite again
// inside workerd on local D1. Ends with one plain "N passed, N failed" line for both; exits non-zero on a failure.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const runs = [
  { name: "node", config: "test/vitest.config.ts", report: ".vitest.json" },
  { name: "workers", config: "test/workers/vitest.config.ts", report: ".vitest-workers.json" },
];
const only = process.argv[2];
let passed = 0;
let failed = 0;
let status = 0;
for (const run of runs.filter((r) => !only || r.name === only)) {
  rmSync(run.report, { force: true });
  const result = spawnSync(
    process.execPath,
    ["node_modules/vitest/vitest.mjs", "run", "-c", run.config, "--reporter=default", "--reporter=json", `--outputFile.json=${run.report}`],
    { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  if (result.status !== 0) status = result.status ?? 1;
  if (existsSync(run.report)) {
    const r = JSON.parse(readFileSync(run.report, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numFailedTestSuites ?? 0);
    console.log(`${run.name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  } else {
    failed += 1;
    console.log(`${run.name}: no report (the run did not finish)`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(status);
