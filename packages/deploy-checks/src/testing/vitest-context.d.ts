import "vitest";

// What the root global setup (packages/db/src/testing/global-setup.ts) provides to every test file.
declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}
