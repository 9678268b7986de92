Feature: Which store a command opens, and what happens when it cannot
  Reading never creates or locks a store. A mistyped path must not quietly become a
  new empty store, and another application's database must never be turned into a tracker
  store. Only `tracker init` and `tracker append` create a store. Every problem is one line
  on the terminal, and the command exits with 1. The one change a read may make happens once
  in a store's life: a store made by an earlier version is upgraded to this version's schema
  by the first command that opens it, which says so in one line.

  Without --db and without TRACKER_DB, the tracker uses its default store in the user's data
  folder, and creates it with the bundled dataset the first time it is used.

  Scenario Outline: A read of a store that does not exist creates nothing
    Given there is no file "typo.db"
    When I run "tracker --db typo.db <command>"
    Then the command fails with "no store at {dir}/typo.db; create it with `tracker init`"
    And there is still no file "typo.db"

    Examples:
      | command                           |
      | status                            |
      | timeline black-sea-2025           |
      | diff 2025-01 2025-06              |
      | replay --to 2025-04               |
      | verify                            |
      | dashboard                         |

  Scenario Outline: A command that alters a store does not create one at a mistyped path
    Given there is no file "typo.db"
    When I run "tracker --db typo.db <command>"
    Then the command fails with "no store at {dir}/typo.db; create it with `tracker init`"
    And there is still no file "typo.db"

    Examples:
      | command |
      | upgrade |
      | rebuild |

  Scenario: init creates a store, which reads as empty
    When I run "tracker --db new.db init"
    Then the command succeeds
    When I run "tracker --db new.db status"
    Then the command succeeds

  Scenario: Another application's database is refused and left as it was
    Given a SQLite file "theirs.db" of another application with a table "events"
    When I run "tracker --db theirs.db append events.yaml"
    Then the command fails with "{dir}/theirs.db is not a tracker store (it holds events); the tracker leaves it untouched"
    And the file "theirs.db" did not change

  Scenario: A store made by an earlier version is upgraded once, by the first command that opens it
    Given a store "old.db" left by the tracker's schema version 1, holding the truce
    When I run "tracker --db old.db status"
    Then the command succeeds
    And the command notes "tracker: upgraded the store at sqlite:///{dir}/old.db from schema version 1 to"
    When I run "tracker --db old.db verify"
    Then the command succeeds
    And the command notes nothing

  Scenario: A store written by a newer tracker is not read
    Given a store "future.db" stamped with schema version 99
    When I run "tracker --db future.db status"
    Then the command fails with "the store at {dir}/future.db has schema version 99, newer than this tracker's"

  Scenario Outline: A database URL that cannot work says why in one line
    When I run "tracker --db <url> status"
    Then the command fails with "<says>"

    Examples:
      | url                                   | says                                                               |
      | mysql://me@somewhere/db               | unsupported database URL 'mysql://me@somewhere/db'                 |
      | postgresql://me:secret@127.0.0.1:1/db | no PostgreSQL server answers at that address (connection refused)  |
      | postgres://me@127.0.0.1:nope/db       | the database URL 'postgres://me@127.0.0.1:nope/db' has a malformed port number |

  Scenario: A setting the tracker cannot use is one line, for every command
    Given the environment variable TRACKER_MAX_FILE_BYTES is "abc"
    When I run "tracker status"
    Then the command fails with "TRACKER_MAX_FILE_BYTES is 'abc': expected a positive whole number of bytes"

  Scenario: A number of rebuild processes the tracker cannot use is one line
    Given the environment variable TRACKER_REBUILD_WORKERS is "two"
    When I run "tracker rebuild"
    Then the command fails with "TRACKER_REBUILD_WORKERS is 'two': expected a whole number of processes from 1 to 64"
