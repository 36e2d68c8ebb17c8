import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerHouseholdPages(_app: Hono<ConsoleEnv>) {}
