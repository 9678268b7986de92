Feature: Who recorded each event
  A team shares one store, so every event keeps who appended it: on PostgreSQL the database user the
  analyst logged in as, on SQLite the operating-system user. TRACKER_USER names the analyst when a login
  is shared (on PostgreSQL the database user is kept beside it: "alice via tracker_analyst"). The name is
  covered by the hash chain like the rest of the event; events recorded before the store kept names say so.

  Scenario: The timeline says who recorded each event
    Given the environment variable TRACKER_USER is "alice"
    And a store with the truce, a conditional acceptance, talks and a retracted rejection
    When I run "tracker timeline truce-2025"
    Then every event of the output was recorded by "alice"

  Scenario: The timeline's JSON carries who recorded each event
    Given the environment variable TRACKER_USER is "alice"
    And a store with the truce, a conditional acceptance, talks and a retracted rejection
    When I run "tracker timeline truce-2025 --json"
    Then every event of the JSON output has "recorded_by" set to "alice"

  Scenario: A name that cannot be recorded is refused before anything is written
    Given the environment variable TRACKER_USER is "a name far too long to be anyone's name in a team of analysts at all"
    When I run "tracker --db store.db append events.yaml"
    Then the command fails with "TRACKER_USER must be one printable line of at most 64 characters"
