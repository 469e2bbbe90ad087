import { ClientFrame, type ServerFrame, type WsErrorCode } from "@chat/shared/contracts";

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; error: ServerFrame };

export function errorFrame(code: WsErrorCode, detail: string, chatId?: string): ServerFrame {
  return chatId ? { type: "error", code, detail, chatId } : { type: "error", code, detail };
}

/** Decodes one inbound WebSocket message; anything but a valid JSON text frame is a BAD_FRAME error. */
export function parseClientFrame(data: ArrayBuffer, isBinary: boolean): ParsedFrame {
  if (isBinary) return { ok: false, error: errorFrame("BAD_FRAME", "binary frames are not accepted") };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data).toString("utf8"));
  } catch {
    return { ok: false, error: errorFrame("BAD_FRAME", "frame is not valid JSON") };
  }
  const result = ClientFrame.safeParse(json);
  if (result.success) return { ok: true, frame: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { ok: false, error: errorFrame("BAD_FRAME", `${where}${issue?.message ?? "invalid frame"}`) };
}

export function serializeFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}
