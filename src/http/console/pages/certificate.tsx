import type { Hono } from "hono";
import type { ConsoleEnv } from "../session.js";

export function registerCertificatePages(_app: Hono<ConsoleEnv>) {}
