import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerMemberPages(_app: Hono<ConsoleEnv>) {}
