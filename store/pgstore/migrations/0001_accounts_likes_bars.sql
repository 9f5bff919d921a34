-- Accounts, likes and bars: what store.Records holds.
CREATE TABLE accounts (
    fingerprint text PRIMARY KEY,
    name        text NOT NULL,
    since       timestamptz NOT NULL,
    welcomed    boolean NOT NULL DEFAULT false
);

CREATE TABLE likes (
    fingerprint text NOT NULL REFERENCES accounts,
    cocktail    text NOT NULL,
    liked_at    timestamptz NOT NULL,
    PRIMARY KEY (fingerprint, cocktail)
);

CREATE TABLE bars (
    fingerprint text NOT NULL REFERENCES accounts,
    ingredient  text NOT NULL,
    PRIMARY KEY (fingerprint, ingredient)
);
