import { createRouter } from "../openapi";
import { editMessageHandler, editMessageRoute } from "./edit";
import { listMessagesHandler, listMessagesRoute } from "./list";
import { markReadHandler, markReadRoute } from "./read";
import { removeMessageHandler, removeMessageRoute } from "./remove";
import { sendMessageHandler, sendMessageRoute } from "./send";
import { listVersionsHandler, listVersionsRoute } from "./versions";

export function messageRoutes() {
  return createRouter()
    .openapi(sendMessageRoute, sendMessageHandler)
    .openapi(listMessagesRoute, listMessagesHandler)
    .openapi(editMessageRoute, editMessageHandler)
    .openapi(removeMessageRoute, removeMessageHandler)
    .openapi(markReadRoute, markReadHandler)
    .openapi(listVersionsRoute, listVersionsHandler);
}
