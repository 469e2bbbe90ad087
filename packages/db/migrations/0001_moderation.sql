CREATE TYPE "public"."message_change" AS ENUM('edit', 'delete', 'mask');--> statement-breakpoint
CREATE TYPE "public"."case_action" AS ENUM('dismiss', 'delete_message', 'mute', 'ban_from_chat', 'freeze_chat');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('open', 'assigned', 'closed');--> statement-breakpoint
CREATE TYPE "public"."case_target_type" AS ENUM('message', 'user', 'chat');--> statement-breakpoint
CREATE TYPE "public"."report_reason" AS ENUM('scam', 'off_platform', 'harassment', 'spam', 'inappropriate', 'other');--> statement-breakpoint
CREATE TABLE "chat_bans" (
	"chat_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"until" timestamp (3) with time zone,
	"reason" text,
	"banned_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_bans_chat_id_user_id_pk" PRIMARY KEY("chat_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "chat_mutes" (
	"chat_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"until" timestamp (3) with time zone,
	"reason" text,
	"muted_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_mutes_chat_id_user_id_pk" PRIMARY KEY("chat_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "moderation_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"target_type" "case_target_type" NOT NULL,
	"chat_id" uuid NOT NULL,
	"message_id" uuid,
	"user_id" text,
	"status" "case_status" DEFAULT 'open' NOT NULL,
	"assignee_id" text,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"report_count" integer DEFAULT 0 NOT NULL,
	"evidence" jsonb NOT NULL,
	"first_reported_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_reported_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"action" "case_action",
	"comment" text,
	"resolved_by" text,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"chat_id" uuid NOT NULL,
	"reporter_id" text NOT NULL,
	"reason" "report_reason" NOT NULL,
	"comment" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_blocks" (
	"blocker_id" text NOT NULL,
	"blocked_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_blocks_blocker_id_blocked_id_pk" PRIMARY KEY("blocker_id","blocked_id")
);
--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "frozen_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "moderation_actions" ADD COLUMN "target_user_id" text;--> statement-breakpoint
ALTER TABLE "moderation_actions" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "message_edits" ADD COLUMN "change" "message_change" DEFAULT 'edit' NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_bans" ADD CONSTRAINT "chat_bans_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_mutes" ADD CONSTRAINT "chat_mutes_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_cases" ADD CONSTRAINT "moderation_cases_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_case_id_moderation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."moderation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_cases_one_open_key" ON "moderation_cases" USING btree ("target_type","chat_id",coalesce("message_id"::text, ''),coalesce("user_id", '')) WHERE "moderation_cases"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "moderation_cases_queue_idx" ON "moderation_cases" USING btree ("status","first_reported_at","id");--> statement-breakpoint
CREATE INDEX "moderation_cases_chat_idx" ON "moderation_cases" USING btree ("chat_id") WHERE "moderation_cases"."status" <> 'closed';--> statement-breakpoint
CREATE UNIQUE INDEX "reports_case_reporter_key" ON "reports" USING btree ("case_id","reporter_id");--> statement-breakpoint
CREATE INDEX "user_blocks_blocked_idx" ON "user_blocks" USING btree ("blocked_id","blocker_id");--> statement-breakpoint
CREATE INDEX "moderation_actions_created_idx" ON "moderation_actions" USING btree ("created_at","id");