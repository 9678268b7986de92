Feature: Amendments make the positions on the older text stale
  Every `amended` adds a revision. A position given to an older revision is stale: it was
  given to another text, and it no longer makes the proposal agreed or rejected. The amending
  party moves to the new revision (and becomes proposer if it had said nothing).

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario: After the proposer amends its text, the other positions are stale
    Given these events were recorded:
      | type     | proposal   | date       | party | duration_days |
      | accepted | truce-2025 | 2025-03-14 | RU    |               |
      | amended  | truce-2025 | 2025-03-20 | US    | 45            |
    When I ask for the status as of 2025-03-19
    Then proposal "truce-2025" has status "agreed"
    When I ask for the status as of 2025-03-20
    Then proposal "truce-2025" is at revision 2
    And proposal "truce-2025" has status "negotiating"
    And the position of "UA" on "truce-2025" is stale
    And the position of "RU" on "truce-2025" is stale
    And party "US" is "proposer" on "truce-2025" since 2025-03-20
    And the position of "US" on "truce-2025" is current at revision 2

  Scenario: When another party amends, even the original proposer's position is stale
    Given these events were recorded:
      | type    | proposal   | date       | party |
      | amended | truce-2025 | 2025-03-20 | EU    |
    When I ask for the status as of 2025-03-20
    Then the position of "US" on "truce-2025" is stale
    And party "EU" is "proposer" on "truce-2025" since 2025-03-20
    And the position of "EU" on "truce-2025" is current at revision 2

  Scenario: An amending party that had accepted keeps its acceptance on the new text
    Given these events were recorded:
      | type    | proposal   | date       | party |
      | amended | truce-2025 | 2025-03-20 | Kyiv  |
    When I ask for the status as of 2025-03-20
    Then party "UA" is "accepted" on "truce-2025" since 2025-03-20
    And the position of "UA" on "truce-2025" is current at revision 2
    And the position of "US" on "truce-2025" is stale

  Scenario: A rejection of the older text no longer rejects the proposal
    Given these events were recorded:
      | type     | proposal   | date       | party |
      | rejected | truce-2025 | 2025-03-18 | RU    |
      | amended  | truce-2025 | 2025-03-20 | US    |
    When I ask for the status as of 2025-03-20
    Then proposal "truce-2025" has status "negotiating"
    And party "RU" is "rejected" on "truce-2025"
    And the position of "RU" on "truce-2025" is stale

  Scenario: Per-term positions lapse when the term is removed or rewritten, and stay on unchanged terms
    Given these events were recorded:
      | type     | proposal   | date       | party | terms      | replace_terms                                     | add_terms              |
      | accepted | truce-2025 | 2025-03-14 | RU    | halt, swap |                                                   |                        |
      | amended  | truce-2025 | 2025-03-20 | US    |            | halt: Halt of strikes on energy infrastructure     | monitors: OSCE monitors |
    When I ask for the status as of 2025-03-20
    Then term "halt" of "truce-2025" reads "Halt of strikes on energy infrastructure"
    And nobody has a position on term "halt" of "truce-2025"
    And party "RU" has "accepted" term "swap" of "truce-2025"
    And nobody has a position on term "monitors" of "truce-2025"

  Scenario: A removed term is gone with its positions
    Given these events were recorded:
      | type     | proposal   | date       | party | terms | remove_terms |
      | accepted | truce-2025 | 2025-03-14 | RU    | swap  |              |
      | amended  | truce-2025 | 2025-03-20 | US    |       | swap         |
    When I ask for the status as of 2025-03-20
    Then "truce-2025" has no term "swap"

  Scenario: Everyone accepting the new text makes it agreed again
    Given these events were recorded:
      | type     | proposal   | date       | party |
      | accepted | truce-2025 | 2025-03-14 | RU    |
      | amended  | truce-2025 | 2025-03-20 | US    |
      | accepted | truce-2025 | 2025-03-21 | UA    |
      | accepted | truce-2025 | 2025-03-22 | RU    |
    When I ask for the status as of 2025-03-21
    Then proposal "truce-2025" has status "negotiating"
    When I ask for the status as of 2025-03-22
    Then proposal "truce-2025" has status "agreed"
