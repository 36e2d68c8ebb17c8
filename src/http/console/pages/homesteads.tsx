import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerHomesteadPages(_app: Hono<ConsoleEnv>) {}
