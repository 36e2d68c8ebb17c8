import { DomainError } from "../../domain/errors.js";
import { findResolution } from "../../storage/resolutions.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { resolutionView } from "./view.js";

/** One resolution, to whoever sees the collective; resolution_not_found for an id that is not this collective's. */
export async function getResolution(ctx: CommandContext, code: string, id: string) {
  await visibleCollective(ctx, code);
  const row = await findResolution(ctx.deps.db, code, id);
  if (!row) throw new DomainError("resolution_not_found", `No resolution ${id} of ${code}.`);
  return resolutionView(row);
}
