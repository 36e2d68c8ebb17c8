import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import jsQRModule from "jsqr";
import { chromium, type BrowserContext } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractorCode, member, registerCollective, registerContract, registerHousehold, registerPlot, VILLAGE } from "../support/fixtures.js";
import { TEST_PUBLIC_BASE_URL } from "../support/keys.js";
import { freePort } from "../support/server-process.js";
import { createWorld, type World } from "../support/world.js";

/**
 * The printable certificate in a real browser (Debian's Chromium driven by playwright-core, stack-notes #18): it
 * renders, its QR code decodes (screenshot → PNG → jsQR) to the certificate's verification URL, and that URL —
 * opened without a token, as a phone would — says the certificate is valid. Node only: it serves the app on a
 * loopback port and starts a browser.
 */
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function chromiumPath(): string {
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Chromium is not installed: this test needs Debian's chromium package (apt-get install -y chromium), found with `command -v chromium`.");
  }
}

// jsqr is CommonJS whose module.exports is the function with itself as `default`: typed as a namespace under NodeNext.
const jsQR = jsQRModule.default;

let world: World;
let server: ServerType;
let origin: string;
let browser: BrowserContext;
let userDataDir: string;
const contract = `${contractorCode(VILLAGE.issuerCode, 1)}J`;
const certificateNo = `${contract}-0001`;

beforeAll(async () => {
  const executablePath = chromiumPath();
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  const head = await member(world, VILLAGE.code, 1, "孙建国");
  await registerHousehold(world, VILLAGE, 1, [{ personId: head.id }]);
  for (const p of [1, 2, 3]) await registerPlot(world, VILLAGE, p);
  await registerContract(world, VILLAGE, 1, [1, 2, 3]);

  const port = await freePort();
  server = serve({ fetch: world.app.fetch, port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  origin = `http://127.0.0.1:${port}`;
  userDataDir = mkdtempSync(join(tmpdir(), "registry-chromium-"));
  browser = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: LAUNCH_ARGS, deviceScaleFactor: 3, viewport: { width: 900, height: 1300 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  world?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe("the printable certificate in Chromium", () => {
  it("renders, its QR code decodes to the verification URL, and that URL opens a page that says valid", async () => {
    const certificate = await world.request("GET", `/v1/certificates/${certificateNo}`);
    expect(certificate.status, certificate.text).toBe(200);
    const expectedUrl = certificate.body.verificationUrl as string;
    expect(expectedUrl.startsWith(`${TEST_PUBLIC_BASE_URL}/v1/certificates/${certificateNo}/verification?sig=`)).toBe(true);

    const page = await browser.newPage();
    await page.setExtraHTTPHeaders({ Authorization: `Bearer ${world.adminToken}` });
    const response = await page.goto(`${origin}/v1/certificates/${certificateNo}/document`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe(`农村土地承包经营权证 ${certificateNo}`);
    const number = page.locator("#certificate-no");
    expect(await number.isVisible()).toBe(true);
    expect(await number.innerText()).toBe(certificateNo);
    expect(await page.locator("tr[data-plot]").count()).toBe(3);

    const qr = page.locator("#qr svg");
    expect(await qr.isVisible()).toBe(true);
    const png = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
    expect(decoded, "the QR code should decode").not.toBeNull();
    expect(decoded!.data).toBe(expectedUrl);
    await page.close();

    // A phone scanning the code: no token; the public address replaced by this test server's.
    const scanned = new URL(decoded!.data);
    const phone = await browser.newPage();
    const opened = await phone.goto(`${origin}${scanned.pathname}${scanned.search}`);
    expect(opened?.status()).toBe(200);
    expect(await phone.locator("main").getAttribute("data-valid")).toBe("true");
    expect(await phone.locator("#verdict h1").innerText()).toContain("证书真实有效");
    expect(await phone.locator("#certificate-no").innerText()).toBe(certificateNo);
    await phone.close();
  }, 60_000);
});
