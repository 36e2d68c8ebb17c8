import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerTransferPages(_app: Hono<ConsoleEnv>) {}
