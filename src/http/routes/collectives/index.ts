import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.js";
import * as create from "./create.js";
import * as list from "./list.js";
import * as get from "./get.js";
import * as changeRules from "./change-rules.js";

export function registerCollectiveRoutes(app: OpenAPIHono<AppEnv>) {
  for (const endpoint of [create, list, get, changeRules]) endpoint.register(app);
}
