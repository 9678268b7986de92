Feature: Violation reports
  Reports are listed per proposal with accuser, accused, date, terms and who disputes them.
  A disputed report is shown as disputed, not as fact; reports never change a status.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario: A disputed report and an undisputed one during the truce
    Given these events were recorded:
      | type               | proposal   | date       | party | against | disputed_by | terms | description        | confidence |
      | in_force           | truce-2025 | 2025-03-15 |       |         |             |       |                    |            |
      | violation_reported | truce-2025 | 2025-03-16 | UA    | RU      | Kremlin     | halt  | Shelling of Kharkiv | claimed    |
      | violation_reported | truce-2025 | 2025-03-17 | RU    | UA      |             |       | Drone strike       | claimed    |
    When I ask for the status as of 2025-03-16
    Then proposal "truce-2025" has 1 violation
    And the violation reported by "UA" against "RU" on "truce-2025" is shown as disputed by "RU"
    And proposal "truce-2025" has status "in_force"
    When I ask for the status as of 2025-03-17
    Then proposal "truce-2025" has 2 violations
    And proposal "truce-2025" has status "in_force"
