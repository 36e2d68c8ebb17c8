import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerPlotPages(_app: Hono<ConsoleEnv>) {}
