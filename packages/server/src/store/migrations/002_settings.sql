-- Settings every server process must agree on, e.g. the customer-token secret when
-- ATTUNE_SECRET is not set: the first process to start makes one, the others read it.
CREATE TABLE settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);
