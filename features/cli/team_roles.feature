Feature: Roles for a team
  On PostgreSQL `tracker roles setup` (run by the database's owner) creates a reader, an analyst and an
  owner role and grants the store's rights; the integration tests connect as each role and try every
  forbidden statement. On SQLite there are no roles: the file's permissions decide who reads and who writes.

  Scenario: Roles are PostgreSQL's
    When I run "tracker --db store.db init"
    And I run "tracker --db store.db roles setup"
    Then the command fails with "roles are PostgreSQL's: on SQLite, the file's permissions decide who reads and who writes"

  Scenario: Role names are plain identifiers
    When I run "tracker --db store.db roles setup --prefix Team-1"
    Then the command fails with usage "'Team-1' cannot prefix role names"
