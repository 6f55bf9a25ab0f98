-- The audit trail becomes a hash chain (audit/AuditChain): every event gets a sequence number and
-- hash = SHA-256(previous hash || canonical form of the event), so editing, deleting or reordering
-- a stored event is detected by `java -jar idp.jar audit verify` (audit/AuditCommand).
-- Events written before this migration keep seq NULL: they are outside the chain, and the verify
-- command counts them (any such event dated after the chain's start is reported as broken).
ALTER TABLE audit_event ADD COLUMN seq BIGINT;
ALTER TABLE audit_event ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE audit_event ADD COLUMN hash VARCHAR(64);
CREATE UNIQUE INDEX audit_event_seq ON audit_event (seq);
CREATE INDEX audit_event_type_time ON audit_event (event_type, occurred_at);
CREATE INDEX audit_event_client_time ON audit_event (client_id, occurred_at);

-- The chain's head: one row, locked (SELECT ... FOR UPDATE) by every append, so appends from all
-- nodes are serialised and each event links to the one before it.
CREATE TABLE audit_chain_head (
    id          INTEGER     NOT NULL PRIMARY KEY,
    seq         BIGINT      NOT NULL,
    hash        VARCHAR(64) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash, started_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', CURRENT_TIMESTAMP);
