import { Agent, request } from "node:http";

export interface HttpTarget {
  host: string;
  port: number;
  agent: Agent;
}

export function createHttpTarget(baseUrl: string, connections: number): HttpTarget {
  const url = new URL(baseUrl);
  return {
    host: url.hostname,
    port: Number(url.port),
    agent: new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections }),
  };
}

/** One request over the target's keep-alive pool; resolves with the body on 2xx, rejects otherwise. */
export function sendHttp(
  target: HttpTarget,
  method: string,
  path: string,
  options: { token?: string; body?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(options.body));
    }
    const req = request(
      { host: target.host, port: target.port, agent: target.agent, method, path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString();
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(body);
          else reject(new Error(`${method} ${path}: ${status} ${body.slice(0, 200)}`));
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(options.body);
  });
}
