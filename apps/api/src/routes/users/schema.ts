import { Block, BlockList, UserIdParam } from "@chat/shared/contracts";
import { named } from "../openapi";

export const BlockSchema = named(Block, "Block");
export const BlockListSchema = named(BlockList, "BlockList");
export { UserIdParam };
