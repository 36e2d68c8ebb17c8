import { describe, expect, it } from "vitest";
import { createWorld } from "../support/world.js";

describe("the Workers run", () => {
  it("runs inside workerd, on D1", async () => {
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
    const world = await createWorld();
    expect(world.tdb.url).toMatch(/^d1:/);
    const res = await world.request("GET", "/healthz", { token: null });
    expect(res.status).toBe(200);
  });
});
