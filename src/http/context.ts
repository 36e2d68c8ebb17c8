import type { CommandContext } from "../commands/context.js";
import { countyOfCode, countyOfCollective, countyOfId } from "../domain/routing.js";
import type { AppEnv } from "./types.js";

/**
 * The command context of a request, bound to the database of the county its key names (the directory's for
 * global keys). Routing happens here, once, from the identifier alone: commands then read and write `deps.db`.
 */
export function contextIn(c: { var: Pick<AppEnv["Variables"], "deps" | "actor"> }, county: string | null): CommandContext {
  const deps = c.var.deps;
  return { deps: county ? { ...deps, db: deps.router.forCounty(county) } : deps, actor: c.var.actor };
}

export const countyOf = {
  collective: countyOfCollective,
  code: countyOfCode,
  id: countyOfId,
};
