import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerPersonPages(_app: Hono<ConsoleEnv>) {}
