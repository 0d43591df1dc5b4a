-- +goose Up
-- dost as a DCI social registry (#14 §1). Machine clients are identity's API clients: each
-- is an agreement with another institution (legal basis, the fields it may read, the one
-- callback URL answers go to, its ed25519 public keys by kid, an expiry). Secrets and the
-- short-lived bearer tokens they buy are stored as SHA-256 hashes only.
CREATE TABLE api_clients (
    id           INTEGER PRIMARY KEY,
    client_id    TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL,
    scope        TEXT NOT NULL,
    institution  TEXT NOT NULL,
    legal_basis  TEXT NOT NULL,
    fields       TEXT NOT NULL,
    callback_url TEXT NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_clients_expiry ON api_clients (expires_at);

CREATE TABLE api_client_keys (
    client_id  BIGINT NOT NULL REFERENCES api_clients(id),
    kid        TEXT NOT NULL,
    public_key TEXT NOT NULL,
    PRIMARY KEY (client_id, kid)
);

CREATE TABLE api_client_tokens (
    token_hash TEXT PRIMARY KEY,
    client_id  BIGINT NOT NULL REFERENCES api_clients(id),
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX api_client_tokens_expiry ON api_client_tokens (expires_at);

-- Every DCI message a client sent, by its own message_id (a replay is refused), with the
-- transaction it belongs to and the correlation id dost answered with: txn/status reads it,
-- the asynchronous search keeps its answer and delivery here.
CREATE TABLE dci_transactions (
    id             INTEGER PRIMARY KEY,
    client_id      BIGINT NOT NULL REFERENCES api_clients(id),
    message_id     TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    correlation_id TEXT NOT NULL UNIQUE,
    action         TEXT NOT NULL,
    status         TEXT NOT NULL,
    request        TEXT NOT NULL DEFAULT '',
    reference_ids  TEXT NOT NULL DEFAULT '',
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (client_id, message_id)
);
CREATE INDEX dci_transactions_txn ON dci_transactions (client_id, transaction_id, id);
CREATE INDEX dci_transactions_client ON dci_transactions (client_id, created_at);
CREATE INDEX dci_transactions_status ON dci_transactions (status, id);

-- A client's subscription to events of one person, by FİN (the person need not be
-- registered yet: REGISTER tells when they are). The notify sweep walks new persons and new
-- person_changes from its watermarks (dci_notify_state) and notifies the subscribers.
CREATE TABLE dci_subscriptions (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    client_id  BIGINT NOT NULL REFERENCES api_clients(id),
    txn_id     BIGINT NOT NULL REFERENCES dci_transactions(id),
    reference_id TEXT NOT NULL,
    fin        TEXT NOT NULL,
    event_type TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    ended_at   TIMESTAMP
);
CREATE INDEX dci_subscriptions_fin ON dci_subscriptions (fin, event_type, status);
CREATE INDEX dci_subscriptions_txn ON dci_subscriptions (txn_id);

CREATE TABLE dci_notify_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_person_id BIGINT NOT NULL,
    last_change_id BIGINT NOT NULL
);
INSERT INTO dci_notify_state (id, last_person_id, last_change_id)
    SELECT 1, (SELECT COALESCE(MAX(id), 0) FROM persons), (SELECT COALESCE(MAX(id), 0) FROM person_changes);

-- +goose Down
DROP TABLE dci_notify_state;
DROP INDEX dci_subscriptions_txn;
DROP INDEX dci_subscriptions_fin;
DROP TABLE dci_subscriptions;
DROP INDEX dci_transactions_status;
DROP INDEX dci_transactions_client;
DROP INDEX dci_transactions_txn;
DROP TABLE dci_transactions;
DROP INDEX api_client_tokens_expiry;
DROP TABLE api_client_tokens;
DROP TABLE api_client_keys;
DROP INDEX api_clients_expiry;
DROP TABLE api_clients;
