CREATE TYPE "public"."user_role" AS ENUM('user', 'moderator', 'admin');--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "role" "user_role";