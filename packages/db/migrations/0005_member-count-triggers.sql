-- chats.member_count follows every change of chat_members in the changing transaction, whichever query
-- made it. Inserts and deletes count once per statement (a 1,000-member group is one update of its chat);
-- an update moves the count only when removed_at flips, so read marks and sends never run the function.
CREATE FUNCTION chat_members_count_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE chats SET member_count = chats.member_count + (CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END) * changed.n
  FROM (SELECT chat_id, count(*)::int AS n FROM changed_members WHERE removed_at IS NULL GROUP BY chat_id) changed
  WHERE chats.id = changed.chat_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION chat_members_count_flipped() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE chats SET member_count = member_count + (CASE WHEN NEW.removed_at IS NULL THEN 1 ELSE -1 END)
  WHERE id = NEW.chat_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER chat_members_count_inserted AFTER INSERT ON chat_members
  REFERENCING NEW TABLE AS changed_members FOR EACH STATEMENT EXECUTE FUNCTION chat_members_count_statement();--> statement-breakpoint
CREATE TRIGGER chat_members_count_deleted AFTER DELETE ON chat_members
  REFERENCING OLD TABLE AS changed_members FOR EACH STATEMENT EXECUTE FUNCTION chat_members_count_statement();--> statement-breakpoint
CREATE TRIGGER chat_members_count_flipped AFTER UPDATE OF removed_at ON chat_members
  FOR EACH ROW WHEN ((OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL))
  EXECUTE FUNCTION chat_members_count_flipped();--> statement-breakpoint
UPDATE chats SET member_count = (
  SELECT count(*) FROM chat_members WHERE chat_members.chat_id = chats.id AND chat_members.removed_at IS NULL
);
