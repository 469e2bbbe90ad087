import { createRouter } from "../openapi";
import {
  blockHandler,
  blockRoute,
  listBlocksHandler,
  listBlocksRoute,
  unblockHandler,
  unblockRoute,
} from "./blocks";

/** The caller's own settings, mounted at /users. */
export function userRoutes() {
  return createRouter()
    .openapi(listBlocksRoute, listBlocksHandler)
    .openapi(blockRoute, blockHandler)
    .openapi(unblockRoute, unblockHandler);
}
