import { banUser, deleteUser, upsertUserProfile } from "@chat/db/queries";
import { UserBanned, UserCreated, UserDeleted, UserUpdated } from "@chat/shared/contracts";
import { z } from "zod";
import type { EventConsumer } from "../consume";

export const UserEvent = z.discriminatedUnion("type", [UserCreated, UserUpdated, UserBanned, UserDeleted]);
export type UserEvent = z.infer<typeof UserEvent>;

/**
 * user.* keeps the users projection current. A ban is stamped on the user (the api refuses them) and
 * announced on the control channel (realtime closes their sockets). A deletion drops the profile and
 * ends every membership; each chat hears member_removed, which also cuts the user's sockets from it.
 */
export function usersConsumer(): EventConsumer<UserEvent> {
  return {
    name: "users",
    types: UserEvent.options.map((option) => option.shape.type.value),
    schema: UserEvent,
    async handle(tx, event, effects) {
      switch (event.type) {
        case "user.created":
        case "user.updated":
          await upsertUserProfile(tx, {
            id: event.data.id,
            name: event.data.name,
            avatarUrl: event.data.avatarUrl,
          });
          return;
        case "user.banned":
          await banUser(tx, event.data.id);
          effects.control({ type: "user_banned", userId: event.data.id });
          return;
        case "user.deleted": {
          const userId = event.data.id;
          for (const chatId of await deleteUser(tx, userId)) {
            effects.frame(chatId, { type: "member_removed", chatId, userId });
          }
          return;
        }
      }
    },
  };
}
