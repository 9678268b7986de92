Feature: In force, expired, ended and withdrawn
  Once in force, a proposal stays in force until its start plus its duration; after that it
  is expired without any event. An `ended` event ends it; its proposer can withdraw it.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario: In force for its 30 days, then expired with no event
    Given these events were recorded:
      | type     | proposal   | date       | party |
      | accepted | truce-2025 | 2025-03-14 | RU    |
      | in_force | truce-2025 | 2025-03-15 |       |
    When I ask for the status as of 2025-03-15
    Then proposal "truce-2025" has status "in_force"
    And the in-force window of "truce-2025" runs from 2025-03-15 until 2025-04-14
    When I ask for the status as of 2025-04-13
    Then proposal "truce-2025" has status "in_force"
    When I ask for the status as of 2025-04-14
    Then proposal "truce-2025" has status "expired"
    And the in-force window of "truce-2025" runs from 2025-03-15 until 2025-04-14

  Scenario: A start after the day asked about does not count yet
    Given these events were recorded:
      | type     | proposal   | date       | party | starts     | duration_days |
      | accepted | truce-2025 | 2025-03-14 | RU    |            |               |
      | in_force | truce-2025 | 2025-03-14 |       | 2025-03-20 | 10            |
    When I ask for the status as of 2025-03-19
    Then proposal "truce-2025" has status "agreed"
    And "truce-2025" has no in-force window
    When I ask for the status as of 2025-03-20
    Then the in-force window of "truce-2025" runs from 2025-03-20 until 2025-03-30

  Scenario: In force even though a party has since turned against it
    Given these events were recorded:
      | type     | proposal   | date       | party |
      | in_force | truce-2025 | 2025-03-15 |       |
      | rejected | truce-2025 | 2025-03-16 | RU    |
    When I ask for the status as of 2025-03-16
    Then proposal "truce-2025" has status "in_force"
    And party "RU" is "rejected" on "truce-2025"

  Scenario: An ended truce is ended
    Given these events were recorded:
      | type     | proposal   | date       | reason    |
      | in_force | truce-2025 | 2025-03-15 |           |
      | ended    | truce-2025 | 2025-03-25 | collapsed |
    When I ask for the status as of 2025-03-24
    Then proposal "truce-2025" has status "in_force"
    When I ask for the status as of 2025-03-25
    Then proposal "truce-2025" has status "ended"
    And the in-force window of "truce-2025" runs from 2025-03-15 until 2025-03-25

  Scenario: Withdrawn by its proposer, the proposal is withdrawn
    Given these events were recorded:
      | type      | proposal   | date       | party      |
      | withdrawn | truce-2025 | 2025-03-20 | Washington |
    When I ask for the status as of 2025-03-19
    Then proposal "truce-2025" has status "negotiating"
    When I ask for the status as of 2025-03-20
    Then proposal "truce-2025" has status "withdrawn"

  Scenario: Withdrawn by another party, it only takes back that party's acceptance
    Given these events were recorded:
      | type      | proposal   | date       | party |
      | accepted  | truce-2025 | 2025-03-14 | RU    |
      | withdrawn | truce-2025 | 2025-03-20 | UA    |
    When I ask for the status as of 2025-03-19
    Then proposal "truce-2025" has status "agreed"
    When I ask for the status as of 2025-03-20
    Then proposal "truce-2025" has status "negotiating"
    And party "UA" is "withdrawn" on "truce-2025" since 2025-03-20
