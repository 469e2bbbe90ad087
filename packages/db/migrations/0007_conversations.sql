CREATE TABLE "message_mentions" (
	"chat_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "message_mentions_chat_id_user_id_seq_pk" PRIMARY KEY("chat_id","user_id","seq")
);
--> statement-breakpoint
CREATE TABLE "message_reactions" (
	"message_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"emoji" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_reactions_message_id_user_id_emoji_pk" PRIMARY KEY("message_id","user_id","emoji")
);
--> statement-breakpoint
ALTER TABLE "chat_members" ADD COLUMN "unread_mention_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "last_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "thread_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "thread_reply_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "thread_last_reply_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "thread_participants" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "mentions" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "reactions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "pinned_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "pinned_by" text;--> statement-breakpoint
ALTER TABLE "message_mentions" ADD CONSTRAINT "message_mentions_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_reactions" ADD CONSTRAINT "message_reactions_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_chat_version_idx" ON "messages" USING btree ("chat_id","version");--> statement-breakpoint
CREATE INDEX "messages_thread_seq_idx" ON "messages" USING btree ("chat_id","thread_id","seq") WHERE "messages"."thread_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_top_level_seq_key" ON "messages" USING btree ("chat_id","seq") WHERE "messages"."thread_id" is null;--> statement-breakpoint
CREATE INDEX "messages_pinned_idx" ON "messages" USING btree ("chat_id","pinned_at") WHERE "messages"."pinned_at" is not null;--> statement-breakpoint
-- Existing messages were last changed no later than their creation as far as any client can know: version = seq.
UPDATE "messages" SET "version" = "seq";--> statement-breakpoint
UPDATE "chats" SET "last_version" = "last_seq";
