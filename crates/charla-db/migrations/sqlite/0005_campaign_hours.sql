-- A campaign's opening hours (BOT-1) and what happens outside them (BOT-2), as submitted
-- (normalized); the rules live in charla-domain::schedules.
ALTER TABLE campaigns ADD COLUMN schedule TEXT;
ALTER TABLE campaigns ADD COLUMN out_of_hours TEXT;
