-- What the admin console knows of a client beyond Spring's oauth2_registered_client row (issue 9):
-- where it comes from (the configuration file, or the console, where it lives only in this
-- database), whether it may be used, and when and by whom (a staff member's resident id) it was
-- made and last changed. A configuration client keeps its row, and so its disabled status, across
-- restarts; RetiredClients removes only configuration clients the configuration no longer lists.
CREATE TABLE managed_client (
    registered_client_id  VARCHAR(100) NOT NULL PRIMARY KEY
                          REFERENCES oauth2_registered_client (id) ON DELETE CASCADE,
    source                VARCHAR(16)  NOT NULL,
    status                VARCHAR(16)  NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by            VARCHAR(36),
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by            VARCHAR(36),
    CONSTRAINT managed_client_source CHECK (source IN ('configuration', 'console')),
    CONSTRAINT managed_client_status CHECK (status IN ('active', 'disabled'))
);

-- Every client registered before this migration came from the configuration.
INSERT INTO managed_client (registered_client_id, source, status, created_at, updated_at)
SELECT id, 'configuration', 'active', client_id_issued_at, client_id_issued_at
FROM oauth2_registered_client;

-- Room for what the console accepts: up to 10 redirect URIs of 300 characters, and a JWK set of
-- up to 16 KiB inside the client settings (Spring's V2 sizes fit only short configured values).
ALTER TABLE oauth2_registered_client ALTER COLUMN redirect_uris SET DATA TYPE VARCHAR(4000);
ALTER TABLE oauth2_registered_client ALTER COLUMN post_logout_redirect_uris SET DATA TYPE VARCHAR(4000);
ALTER TABLE oauth2_registered_client ALTER COLUMN client_settings SET DATA TYPE VARCHAR(20000);
