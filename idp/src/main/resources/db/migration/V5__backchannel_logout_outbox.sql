-- OpenID Connect Back-Channel Logout 1.0: logout tokens waiting to be delivered. A row is written
-- in the same transaction as the logout, withdrawal or deactivation that causes it, and a
-- scheduler on any node delivers it with retries and exponential backoff, so a node restart loses
-- none and a slow service never blocks the resident. The token itself is built at delivery (fresh
-- iat, jti, current signing key); the row keeps only identifiers.
CREATE TABLE backchannel_logout_outbox (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
    registered_client_id  VARCHAR(100) NOT NULL,
    principal_name        VARCHAR(200) NOT NULL,
    session_id            VARCHAR(100),
    reason                VARCHAR(32)  NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts              INTEGER      NOT NULL,
    delivered_at          TIMESTAMP WITH TIME ZONE,
    abandoned_at          TIMESTAMP WITH TIME ZONE,
    last_error            VARCHAR(200)
);
CREATE INDEX backchannel_logout_outbox_due ON backchannel_logout_outbox (next_attempt_at);
