import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";

const SCRIPT_PATH = "/docs/scalar.js";

/** The reference's browser bundle, from the lockfile-pinned @scalar/api-reference, so /docs works offline. */
const bundleFile = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@scalar/api-reference")),
  "browser",
  "standalone.js",
);

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
      bundle ??= readFile(bundleFile, "utf8");
      return c.body(await bundle, 200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "public, max-age=3600",
      });
    });
}
