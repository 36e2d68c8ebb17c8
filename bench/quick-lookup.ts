// Quick A/B of item 2 on an existing county database: npx tsx bench/quick-lookup.ts <db file>
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_TOKEN, killChildren } from "./scale/common.js";
import { samplePlotCodes } from "./scale/county.js";
import { bureauToken, measureLookups } from "./scale/lookups.js";
import { startBare, startRegistry } from "./scale/servers.js";
const file = process.argv[2]!;
const codes = await samplePlotCodes(file, 2000, 1);
const bare = await startBare(file);
const bareNative = await startBare(file, "native");
const reg = await startRegistry(file, mkdtempSync(join(tmpdir(), "ql-")));
try {
  const r = await measureLookups([{ name: "bare", url: bare.url, codes, token: "none" }, { name: "native", url: bareNative.url, codes, token: "none" }, { name: "registry", url: reg.url, codes, token: await bureauToken(reg, ADMIN_TOKEN) }]);
  const b = r.get("bare")!, g = r.get("registry")!, n = r.get("native")!;
  console.log(`bare native ${n.rate.toFixed(0)} req/s p50 ${n.p50.toFixed(1)} p99 ${n.p99.toFixed(1)}; ratio ${(g.rate / n.rate).toFixed(2)}`);
  console.log(`bare ${b.rate.toFixed(0)} req/s p50 ${b.p50.toFixed(1)} p99 ${b.p99.toFixed(1)}; registry ${g.rate.toFixed(0)} req/s p50 ${g.p50.toFixed(1)} p99 ${g.p99.toFixed(1)}; ratio ${(g.rate / b.rate).toFixed(2)}`);
} finally { await bare.stop(); await bareNative.stop(); await reg.stop(); killChildren(); }
