import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerSearchPages(_app: Hono<ConsoleEnv>) {}
