import type { Actor } from "../domain/access.js";
import type { Deps } from "../deps.js";

export interface AppEnv {
  Variables: {
    deps: Deps;
    actor: Actor;
    requestId: string;
  };
}
