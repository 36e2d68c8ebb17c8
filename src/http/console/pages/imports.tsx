import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerImportPages(_app: Hono<ConsoleEnv>) {}
