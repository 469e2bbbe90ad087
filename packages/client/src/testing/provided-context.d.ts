/** The values packages/db's global setup provides to every test file. */
declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export {};
