-- The language a server's audit lines and alerts are worded in, chosen by
-- its admins with `/mj-channel language` (Discord's locale code, e.g. 'fr');
-- NULL follows the server's primary language.

ALTER TABLE guild_settings ADD COLUMN language TEXT;
