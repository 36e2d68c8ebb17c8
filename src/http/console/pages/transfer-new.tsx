import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerTransferApplicationPages(_app: Hono<ConsoleEnv>) {}
