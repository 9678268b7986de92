Feature: Checking a store
  `tracker verify` checks the hash chain and every stored snapshot of a proposal's state. A snapshot
  edited in the database is caught, even with its checksum recomputed, and a history rewritten with
  every hash recomputed is caught against a head noted down outside the store.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded on 2025-03-14 08:00 UTC:
      | type     | proposal   | date       | party | reason  |
      | rejected | truce-2025 | 2025-03-13 | RU    | not now |

  Scenario: A snapshot edited in the database is reported, and a rebuild repairs it
    When someone edits the stored state of "truce-2025" so that "RU" accepted
    Then verify fails, naming the snapshot of "truce-2025"
    And asking for the status fails, saying to run "tracker rebuild"
    When I run "tracker rebuild"
    Then a deep verify passes
    When I ask for the status as of 2025-03-14
    Then party "RU" is "rejected" on "truce-2025"

  Scenario: An edit whose checksum was recomputed passes the quick check but not the deep one
    When someone edits the stored state of "truce-2025" so that "RU" accepted, recomputing its checksum
    Then verify passes
    But a deep verify fails, naming the snapshot of "truce-2025"

  Scenario: A history rewritten with every hash recomputed fails against the noted head
    When I note the head that verify prints
    And someone rewrites the rejection of "truce-2025" by "RU" as an acceptance, recomputing every hash
    Then verify passes
    But verify with the noted head fails at its position
