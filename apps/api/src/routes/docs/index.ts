import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";

const SCRIPT_PATH = "/docs/scalar.js";

/**
 * The reference's browser bundle, from the lockfile-pinned @scalar/api-reference, so /docs works offline. That
 * package drags a front-end toolchain (vue, typescript) along, so it is a dev dependency: an image carries the
 * one file it needs in apps/api/docs-assets, copied there by the Dockerfile.
 */
function bundleFile(): string {
  const shipped = fileURLToPath(new URL("../../../docs-assets/scalar.js", import.meta.url));
  if (existsSync(shipped)) return shipped;
  const main = createRequire(import.meta.url).resolve("@scalar/api-reference");
  return path.join(path.dirname(main), "browser", "standalone.js");
}

/**
 * /docs and the script it loads, both served by the api: the page names no other host. Default fonts are
 * off because they come from Scalar's font CDN; the browser's fonts render the page just as well.
 */
export function docsRoutes() {
  let bundle: Promise<string> | undefined;
  return new Hono()
    .get(
      "/docs",
      Scalar({ url: "/openapi.json", pageTitle: "chat-svc API", cdn: SCRIPT_PATH, withDefaultFonts: false }),
    )
    .get(SCRIPT_PATH, async (c) => {
      bundle ??= readFile(bundleFile(), "utf8");
      return c.body(await bundle, 200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "public, max-age=3600",
      });
    });
}
