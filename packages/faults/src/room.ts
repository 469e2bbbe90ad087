import { randomBytes } from "node:crypto";
import { mintToken } from "@chat/shared/auth";
import type { Cluster } from "./cluster";

export interface Room {
  chatId: string;
  token(userId: string): Promise<string>;
  user(name: string): string;
}

/** A group chat of fresh users; the owner creates it over REST, as a client would. */
export async function openRoom(cluster: Cluster, memberNames: string[]): Promise<Room> {
  const run = randomBytes(3).toString("hex");
  const user = (name: string) => `${name}-${run}`;
  const token = (userId: string) => mintToken({ secret: cluster.secret, userId, name: userId });
  const owner = user("owner");
  const answer = await fetch(`${cluster.apiUrls[0]}/chats`, {
    method: "POST",
    headers: { authorization: `Bearer ${await token(owner)}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "group", title: `faults ${run}`, memberIds: memberNames.map(user) }),
  });
  if (answer.status !== 201)
    throw new Error(`could not create the chat: ${answer.status} ${await answer.text()}`);
  const chat = (await answer.json()) as { id: string };
  return { chatId: chat.id, token, user };
}
