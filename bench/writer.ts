/**
 * A second registry process for the multi-process writer phase: its own @libsql/client on the same database file,
 * driven over IPC by bench/run.ts. It answers each job with what it saw and how often its commits were retried.
 */
import { C, call, drive, issuanceBody, plotBody } from "./ops.js";
import { connectApp, countsDelta } from "./world.js";

export interface Job {
  kind: "plots" | "issuances";
  base: number; // first plot sequence / issuance number (picks the member)
  count: number;
  inFlight: number;
  people: string[];
}

const file = process.argv[2]!;
const { app, client, counts } = await connectApp(file);
// Warm up: the first requests compile the routes' code paths.
for (let i = 0; i < 20; i++) await call(app, "GET", `/v1/collectives/${C.code}`);

process.on("message", async (message: { job?: Job; exit?: boolean }) => {
  if (message.exit) {
    client.close();
    process.exit(0);
  }
  const job = message.job!;
  const before = { ...counts };
  const driven = await drive(
    job.count,
    job.inFlight,
    (i) =>
      job.kind === "plots"
        ? call(app, "POST", `/v1/collectives/${C.code}/plots`, plotBody(job.base + i))
        : call(app, "POST", `/v1/collectives/${C.code}/equity/issuances`, issuanceBody(job.people[(job.base + i) % job.people.length]!)),
    (s) => s === 201,
  );
  process.send!({ driven, counts: countsDelta(before, counts) });
});
process.send!({ ready: true });
