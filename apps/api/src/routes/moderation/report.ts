import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { createReport } from "../../services/moderation/report";
import { ChatIdParamSchema } from "../chats/schema";
import { reportExample } from "../examples";
import { bearer, jsonBody, jsonResponse, problems } from "../openapi";
import { serviceContext } from "../service-context";
import { CreateReportBodySchema, ReportSchema } from "./schema";

export const createReportRoute = createRoute({
  method: "post",
  operationId: "reportChat",
  path: "/{id}/reports",
  tags: ["moderation"],
  summary: "Report a message, a member or the chat",
  description:
    "Active members only. The target is `messageId` (a message of this chat, not the caller's own: 400), else `userId` (a member or former member of this chat, not the caller), else the chat. Reports on one target join one case in the review queue, which snapshots the reported message and the 20 before it. The same reporter on the same target while its case is not closed gets the first report back with 200. `chat.report.created` goes out through the outbox.",
  security: bearer,
  request: {
    params: ChatIdParamSchema,
    body: jsonBody(CreateReportBodySchema, "What is reported and why", {
      reason: "off_platform",
      messageId: reportExample.target.messageId,
      comment: "Asks to pay outside the marketplace",
    }),
  },
  responses: {
    200: jsonResponse(ReportSchema, "The caller's earlier report on this target", reportExample),
    201: jsonResponse(ReportSchema, "The new report", reportExample),
    ...problems(400, 404, 413, 415),
  },
});

export const createReportHandler: RouteHandler<typeof createReportRoute, AppEnv> = async (c) => {
  const { report, created } = await createReport({
    ctx: serviceContext(c),
    input: { chatId: c.req.valid("param").id, body: c.req.valid("json") },
  });
  return created ? c.json(report, 201) : c.json(report, 200);
};
