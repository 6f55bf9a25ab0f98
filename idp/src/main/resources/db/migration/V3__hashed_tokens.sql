-- Token values (authorization codes, access, refresh and ID tokens) are stored from now on as
-- "sha256:" + base64url(SHA-256(value)) (token/HashedTokenAuthorizationService), so a dump of the
-- database cannot be replayed. Authorizations written before held them in clear: they are dropped,
-- and their services sign the residents in again.
DELETE FROM oauth2_authorization;

-- Refresh tokens rotated away (each refresh issues a new one). Presenting one again means two
-- parties hold the same token: the authorization it belonged to is revoked (RFC 9700 §4.14.2).
CREATE TABLE oauth2_rotated_refresh_token (
    token_hash        VARCHAR(64)  NOT NULL PRIMARY KEY,
    authorization_id  VARCHAR(100) NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oauth2_rotated_refresh_token_expiry ON oauth2_rotated_refresh_token (expires_at);
