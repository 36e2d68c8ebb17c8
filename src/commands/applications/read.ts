import { applicationDetails, listApplications } from "../../storage/applications.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { visibleApplication } from "./access.js";
import { applicationView } from "./view.js";

export async function getApplication(ctx: CommandContext, type: "transfer" | "withdrawal", id: string) {
  const { row } = await visibleApplication(ctx, id, type);
  return applicationView(row, await applicationDetails(ctx.deps.db, id));
}

export async function listCollectiveApplications(
  ctx: CommandContext,
  code: string,
  type: "transfer" | "withdrawal",
  query: { status?: string; after?: string; limit: number },
) {
  await visibleCollective(ctx, code);
  const rows = await listApplications(ctx.deps.db, { collectiveCode: code, kind: type, status: query.status, after: query.after, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const views = await Promise.all(page.map(async (row) => applicationView(row, await applicationDetails(ctx.deps.db, row.id))));
  return { applications: views, nextCursor: rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null };
}
