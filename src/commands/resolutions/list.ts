import { findResolutionByRef, resolutionsOf } from "../../storage/resolutions.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { resolutionView } from "./view.js";

/** A collective's resolutions, the latest meeting first (passed or not); with `ref`, the one under that reference. */
export async function listResolutions(ctx: CommandContext, code: string, query: { ref?: string } = {}) {
  await visibleCollective(ctx, code);
  const { db } = ctx.deps;
  const rows = query.ref === undefined ? await resolutionsOf(db, code) : [await findResolutionByRef(db, code, query.ref)].filter((r) => r !== null);
  return { collectiveCode: code, resolutions: rows.map(resolutionView) };
}
