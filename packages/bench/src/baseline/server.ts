import { createServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import express, { type NextFunction, type Request, type Response } from "express";
import { Redis } from "ioredis";
import jwt from "jsonwebtoken";
import pg from "pg";
import { Server } from "socket.io";
import { readBaselineEnv } from "./env";
import { findMembership, insertMessage, listChats, listMessagesBefore } from "./store";

/**
 * The stack a team would otherwise build: Express 5 for REST, Socket.IO rooms for fan-out, the Redis
 * adapter so several instances share rooms, node-postgres for SQL. Written as the libraries' docs show.
 */
const env = readBaselineEnv();
const pool = new pg.Pool({ connectionString: env.databaseUrl, max: env.poolMax });
const pubClient = new Redis(env.redisUrl);
const subClient = pubClient.duplicate();

const app = express();
app.use(express.json());
const httpServer = createServer(app);
const io = new Server(httpServer, { adapter: createAdapter(pubClient, subClient, { key: env.adapterKey }) });

interface Claims {
  sub: string;
  role?: string;
}

function verify(token: string): Claims {
  return jwt.verify(token, env.jwtSecret, { algorithms: ["HS256"] }) as Claims;
}

function authenticate(req: Request, res: Response, next: NextFunction) {
  const header = req.headers.authorization ?? "";
  try {
    res.locals.user = verify(header.replace(/^Bearer /, ""));
    next();
  } catch {
    res.status(401).json({ error: "unauthorized" });
  }
}

app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});

app.post("/chats/:id/messages", authenticate, async (req, res) => {
  const content = typeof req.body?.content === "string" ? req.body.content : "";
  if (!content || content.length > 4000) {
    res.status(400).json({ error: "content is required" });
    return;
  }
  const user = res.locals.user as Claims;
  const message = await insertMessage(pool, {
    chatId: req.params.id as string,
    senderId: user.sub,
    content,
    clientMessageId: typeof req.body.clientMessageId === "string" ? req.body.clientMessageId : null,
  });
  if (!message) {
    res.status(404).json({ error: "chat not found" });
    return;
  }
  io.to(`chat:${message.chatId}`).emit("new_message", { chatId: message.chatId, message });
  res.status(201).json(message);
});

app.get("/chats/:id/messages", authenticate, async (req, res) => {
  const user = res.locals.user as Claims;
  const chatId = req.params.id as string;
  if (!(await findMembership(pool, chatId, user.sub))) {
    res.status(404).json({ error: "chat not found" });
    return;
  }
  const limit = Math.min(100, Number(req.query.limit ?? 50));
  const before = req.query.before ? Number(req.query.before) : Number.MAX_SAFE_INTEGER;
  res.json(await listMessagesBefore(pool, chatId, before, limit));
});

app.get("/chats", authenticate, async (req, res) => {
  const user = res.locals.user as Claims;
  const limit = Math.min(100, Number(req.query.limit ?? 50));
  res.json({ items: await listChats(pool, user.sub, limit) });
});

io.use((socket, next) => {
  try {
    socket.data.user = verify(String(socket.handshake.auth.token ?? socket.handshake.query.token ?? ""));
    next();
  } catch {
    next(new Error("unauthorized"));
  }
});

io.on("connection", (socket) => {
  socket.on("join_chat", async (payload: { chatId?: string }, ack?: (reply: unknown) => void) => {
    const chatId = String(payload?.chatId ?? "");
    const membership = await findMembership(pool, chatId, (socket.data.user as Claims).sub).catch(() => null);
    if (!membership) {
      ack?.({ error: "NOT_FOUND" });
      return;
    }
    await socket.join(`chat:${chatId}`);
    ack?.({ chatId, lastSeq: Number(membership.last_seq) });
  });
  socket.on("leave_chat", (payload: { chatId?: string }) => {
    void socket.leave(`chat:${String(payload?.chatId ?? "")}`);
  });
});

httpServer.listen(env.port, "127.0.0.1", () => {
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : env.port;
  process.send?.({ type: "listening", port });
});

function shutdown() {
  io.close();
  void Promise.allSettled([pool.end(), pubClient.quit(), subClient.quit()]).then(() => process.exit(0));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.on("disconnect", shutdown);
