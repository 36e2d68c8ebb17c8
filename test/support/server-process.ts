import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";

/**
 * The Node entry started as a user starts it (`node --import tsx src/server.ts`), for tests that need real
 * processes: restarts, crashes, several processes on one database file. Call `stopAll` in afterAll.
 */
const ROOT = new URL("../..", import.meta.url).pathname;

export class ServerProcesses {
  private readonly children: ChildProcess[] = [];

  /** Starts a server with these environment variables; resolves once it listens, with what it printed. */
  async start(env: Record<string, string>): Promise<{ child: ChildProcess; lines: string[] }> {
    const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.children.push(child);
    const lines: string[] = [];
    const errors: string[] = [];
    createInterface({ input: child.stderr! }).on("line", (l) => errors.push(l));
    await new Promise<void>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`server exited ${code}: ${errors.join("\n")}`)));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        lines.push(line);
        if (line.includes("Rural rights registry on")) resolve();
      });
    });
    return { child, lines };
  }

  stopAll(): void {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** A TCP port that was free a moment ago on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
