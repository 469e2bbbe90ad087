import { createRouter } from "../openapi";
import { createChatHandler, createChatRoute } from "./create";
import { getChatHandler, getChatRoute } from "./get";
import { listChatsHandler, listChatsRoute } from "./list";
import { listMembersHandler, listMembersRoute } from "./list-members";
import { updateChatHandler, updateChatRoute } from "./update";

export function chatRoutes() {
  return createRouter()
    .openapi(createChatRoute, createChatHandler)
    .openapi(listChatsRoute, listChatsHandler)
    .openapi(getChatRoute, getChatHandler)
    .openapi(listMembersRoute, listMembersHandler)
    .openapi(updateChatRoute, updateChatHandler);
}
