-- When a signing key was made and published (issue 9: the management API's key list). created_at
-- stays what it always was: the time the key signs from. Keys made before this migration get
-- their signing time, the closest that is known (a rotated key was published a publication delay
-- earlier).
ALTER TABLE signing_key ADD COLUMN published_at TIMESTAMP WITH TIME ZONE;
UPDATE signing_key SET published_at = created_at;
