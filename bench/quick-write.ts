// Quick A/B of item 3 on a copy of an existing county database: npx tsx bench/quick-write.ts <db file>
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_TOKEN, killChildren, SIZES } from "./scale/common.js";
import { samplePlotCodes } from "./scale/county.js";
import { startRegistry } from "./scale/servers.js";
import { bareWrites, fileManagementRights, firePayments, prepareApprovedTransfers, setUpEquity } from "./scale/writes.js";
const work = mkdtempSync(join(tmpdir(), "qw-"));
const file = join(work, "c.db");
copyFileSync(process.argv[2]!, file);
const codes = [...new Set(await samplePlotCodes(file, 5000, 1))];
const reg = await startRegistry(file, join(work, "data"));
try {
  const cols = await setUpEquity(reg, ADMIN_TOKEN);
  const n = SIZES.writes, w = 200;
  const prepared = await prepareApprovedTransfers(reg, ADMIN_TOKEN, cols, 0, w + n);
  console.log(`apply+approve ${prepared.run.rate.toFixed(0)} pairs/s`);
  const pay = await firePayments(reg, ADMIN_TOKEN, prepared.ids, w);
  const fil = await fileManagementRights(reg, ADMIN_TOKEN, codes.slice(0, w + n), w);
  await reg.stop();
  const bare = await bareWrites(file, w, n);
  console.log(`payment ${pay.okRate.toFixed(0)}/s p99 ${pay.p99.toFixed(0)} (${pay.ok}/${pay.requests}); filing ${fil.okRate.toFixed(0)}/s p99 ${fil.p99.toFixed(0)} (${fil.ok}/${fil.requests}); bare ${bare.okRate.toFixed(0)}/s p99 ${bare.p99.toFixed(0)}; ratios ${(pay.okRate / bare.okRate).toFixed(2)} / ${(fil.okRate / bare.okRate).toFixed(2)}`);
} finally { await reg.stop(); killChildren(); rmSync(work, { recursive: true, force: true }); }
