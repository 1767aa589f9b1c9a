-- Heartbeat tokens are kept as their SHA-256 (hex), as API tokens are: the store no longer holds a working ping URL.
-- Tokens made before keep working: a ping's token is hashed and looked up. A heartbeat without a configured token has no
-- hash until `caretaker heartbeats` makes one and shows it, once.
ALTER TABLE heartbeat ADD COLUMN token_hash text UNIQUE;
UPDATE heartbeat SET token_hash = encode(sha256(convert_to(token, 'UTF8')), 'hex');
ALTER TABLE heartbeat DROP COLUMN token;
