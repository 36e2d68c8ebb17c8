import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerStatisticsPages(_app: Hono<ConsoleEnv>) {}
