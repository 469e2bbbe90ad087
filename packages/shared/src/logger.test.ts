import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactUrl } from "./logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ name: "test", level: "debug", destination });
  return { logger, text: () => lines.join("\n"), records: () => lines.map((line) => JSON.parse(line)) };
}

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig";
const BODY = "my card number is 4111 1111 1111 1111";

describe("createLogger", () => {
  it("writes JSON lines with the service, name, level and an ISO time", () => {
    const { logger, records } = capture();
    logger.info({ chatId: "c1" }, "sent");
    expect(records()[0]).toMatchObject({
      service: "chat-svc",
      name: "test",
      level: 30,
      chatId: "c1",
      msg: "sent",
    });
    expect(Date.parse(records()[0].time)).not.toBeNaN();
  });

  it("redacts tokens and authorization headers wherever our log calls put them", () => {
    const { logger, text } = capture();
    logger.info({ token: TOKEN });
    logger.info({ query: { token: TOKEN } });
    logger.info({ authorization: `Bearer ${TOKEN}` });
    logger.info({ req: { headers: { authorization: `Bearer ${TOKEN}`, cookie: `s=${TOKEN}` } } });
    logger.info({ ctx: { req: { headers: { authorization: `Bearer ${TOKEN}` } } } });
    logger.info({ env: { JWT_SECRET: TOKEN } });
    expect(text()).not.toContain(TOKEN);
    expect(text()).toContain("[redacted]");
  });

  it("redacts message bodies in messages, frames, requests and events", () => {
    const { logger, text } = capture();
    logger.info({ content: BODY });
    logger.info({ body: { content: BODY } });
    logger.info({ message: { id: "m1", content: BODY } });
    logger.info({ frame: { message: { content: BODY } } });
    logger.info({ event: { data: { message: { content: BODY } } } });
    logger.info({ event: { data: { preview: BODY } } });
    expect(text()).not.toContain(BODY);
    expect(text()).toContain('"id":"m1"');
  });
});

describe("redactUrl", () => {
  it.each([
    ["/ws?token=abc.def", "/ws?token=[redacted]"],
    ["/ws/chat/1?x=1&token=abc&y=2", "/ws/chat/1?x=1&token=[redacted]&y=2"],
    ["/ws?TOKEN=abc#frag", "/ws?TOKEN=[redacted]#frag"],
    ["wss://h/ws?access_token=abc", "wss://h/ws?access_token=[redacted]"],
    ["/ws?notatoken=abc", "/ws?notatoken=abc"],
    ["/chats?limit=5", "/chats?limit=5"],
  ])("%s becomes %s", (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });
});
