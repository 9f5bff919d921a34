-- API tokens: only a token's SHA-256 is kept (see store/tokens.go).
CREATE TABLE tokens (
    hash        bytea PRIMARY KEY CHECK (length(hash) = 32),
    fingerprint text NOT NULL REFERENCES accounts,
    name        text NOT NULL,
    created     timestamptz NOT NULL,
    last_used   timestamptz,
    UNIQUE (fingerprint, name)
);
