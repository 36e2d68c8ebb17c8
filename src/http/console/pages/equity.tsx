import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerEquityPages(_app: Hono<ConsoleEnv>) {}
