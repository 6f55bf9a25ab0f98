-- Passkeys (issue 10). The first two tables are Spring Security's WebAuthn schema, read and
-- written by JdbcPublicKeyCredentialUserEntityRepository and JdbcUserCredentialRepository
-- (column names are theirs; blob is BYTEA here for PostgreSQL and H2 in PostgreSQL mode).

-- The WebAuthn user entity of a resident: id is the random user handle, name the Ishikawa ID.
CREATE TABLE user_entities (
    id              VARCHAR(1000) NOT NULL PRIMARY KEY,
    name            VARCHAR(100)  NOT NULL UNIQUE,
    display_name    VARCHAR(200)
);

-- One passkey: its public key, signature counter, flags and the resident's name for it (label).
CREATE TABLE user_credentials (
    credential_id                 VARCHAR(1000) NOT NULL PRIMARY KEY,
    user_entity_user_id           VARCHAR(1000) NOT NULL REFERENCES user_entities (id) ON DELETE CASCADE,
    public_key                    BYTEA         NOT NULL,
    signature_count               BIGINT,
    uv_initialized                BOOLEAN,
    backup_eligible               BOOLEAN       NOT NULL,
    authenticator_transports      VARCHAR(1000),
    public_key_credential_type    VARCHAR(100),
    backup_state                  BOOLEAN       NOT NULL,
    attestation_object            BYTEA,
    attestation_client_data_json  BYTEA,
    created                       TIMESTAMP,
    last_used                     TIMESTAMP,
    label                         VARCHAR(1000) NOT NULL
);
CREATE INDEX user_credentials_user ON user_credentials (user_entity_user_id);

-- Which resident a passkey belongs to and which card binding proved it: a passkey is registered
-- only right after a card login, and that card is recorded. Removing the passkey removes this.
CREATE TABLE passkey_proof (
    credential_id     VARCHAR(1000) NOT NULL PRIMARY KEY
                      REFERENCES user_credentials (credential_id) ON DELETE CASCADE,
    resident_id       VARCHAR(36)   NOT NULL REFERENCES resident (id),
    card_binding_id   VARCHAR(36)   NOT NULL REFERENCES credential_binding (id),
    proven_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX passkey_proof_resident ON passkey_proof (resident_id);
