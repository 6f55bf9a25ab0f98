-- Ishikawa ID schema. One set of migrations serves PostgreSQL (production) and H2 in
-- PostgreSQL mode (the embedded default): keep to types both understand.

-- A resident: one Ishikawa ID. The public identifier is random, never derived from card data.
CREATE TABLE resident (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    ishikawa_id     VARCHAR(32)  NOT NULL UNIQUE,
    status          VARCHAR(16)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    deactivated_at  TIMESTAMP WITH TIME ZONE
);

-- A card certificate bound to a resident: issuer + serial + fingerprint, never the certificate.
CREATE TABLE credential_binding (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    resident_id     VARCHAR(36)  NOT NULL REFERENCES resident (id),
    kind            VARCHAR(32)  NOT NULL,
    issuer_dn       VARCHAR(512) NOT NULL,
    serial_hex      VARCHAR(64)  NOT NULL,
    fingerprint     VARCHAR(64)  NOT NULL UNIQUE,
    root_label      VARCHAR(128) NOT NULL,
    not_before      TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after       TIMESTAMP WITH TIME ZONE NOT NULL,
    bound_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX credential_binding_resident ON credential_binding (resident_id);

-- The four basic facts from a signature certificate, encrypted (AES-GCM, bound to the resident).
-- match_key is a keyed hash of the normalised facts: it finds the same person at card renewal
-- without storing the facts in clear.
CREATE TABLE verified_facts (
    resident_id             VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES resident (id),
    ciphertext              BYTEA        NOT NULL,
    encryption_key_id       VARCHAR(16)  NOT NULL,
    match_key               VARCHAR(64)  NOT NULL,
    method                  VARCHAR(64)  NOT NULL,
    root_label              VARCHAR(128) NOT NULL,
    certificate_fingerprint VARCHAR(64)  NOT NULL,
    verified_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX verified_facts_match_key ON verified_facts (match_key);

-- Consent records, after ISO/IEC TS 27560 and the Kantara consent receipt.
CREATE TABLE consent_record (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    resident_id         VARCHAR(36)   NOT NULL REFERENCES resident (id),
    registered_client_id VARCHAR(100) NOT NULL,
    client_id           VARCHAR(100)  NOT NULL,
    controller          VARCHAR(200)  NOT NULL,
    purposes            VARCHAR(1000) NOT NULL,
    data_items          VARCHAR(1000) NOT NULL,
    legal_basis         VARCHAR(64)   NOT NULL,
    policy_version      VARCHAR(32)   NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    collection_method   VARCHAR(64)   NOT NULL,
    given_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    withdrawn_at        TIMESTAMP WITH TIME ZONE,
    expires_at          TIMESTAMP WITH TIME ZONE
);
CREATE INDEX consent_record_lookup ON consent_record (registered_client_id, resident_id, status);

-- What happened, for operators: reason codes and identifiers, never personal facts or tokens.
CREATE TABLE audit_event (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type   VARCHAR(64)   NOT NULL,
    outcome      VARCHAR(16)   NOT NULL,
    reason_code  VARCHAR(64),
    resident_id  VARCHAR(36),
    client_id    VARCHAR(100),
    detail       VARCHAR(2000)
);
CREATE INDEX audit_event_time ON audit_event (occurred_at);
CREATE INDEX audit_event_resident ON audit_event (resident_id);

-- The IdP's token signing keys: public JWK in clear, private key encrypted.
CREATE TABLE signing_key (
    kid                     VARCHAR(64)  NOT NULL PRIMARY KEY,
    algorithm               VARCHAR(16)  NOT NULL,
    public_jwk              VARCHAR(4000) NOT NULL,
    private_key_ciphertext  BYTEA        NOT NULL,
    encryption_key_id       VARCHAR(16)  NOT NULL,
    status                  VARCHAR(16)  NOT NULL,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at              TIMESTAMP WITH TIME ZONE
);
