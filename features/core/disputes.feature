Feature: Any event may be disputed
  One side's account that the other side contradicts is recorded as it was given, with who disputes
  it and how. Like confidence, a dispute never changes where a party stands: the event counts, and it
  is shown as disputed wherever it is shown.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario: A disputed rejection still counts, shown as disputed
    Given these events were recorded:
      | id        | type     | proposal   | date       | party | reason                      | confidence | disputed_by | dispute                              |
      | ru-rejects | rejected | truce-2025 | 2025-03-18 | Kremlin | Aid to Kyiv must stop first | claimed    | US          | Washington says aid never came up |
    When I ask for the status as of 2025-03-18
    Then proposal "truce-2025" has status "rejected"
    And party "RU" is "rejected" on "truce-2025" since 2025-03-18
    And the position of "RU" on "truce-2025" is shown as disputed by "US"
    And the position of "UA" on "truce-2025" is not disputed

  Scenario: A disputed talk is listed with the dispute in the timeline
    Given these events were recorded:
      | id    | type       | proposal   | date       | participants | location       | outcome                 | disputed_by | dispute                         |
      | call  | talks_held | truce-2025 | 2025-03-18 | US, RU       | telephone call | Moscow's readout: a deal | US          | Washington's readout: no deal |
    When I read the timeline of "truce-2025"
    Then event "call" is shown as disputed by "US"
    And event "us-proposes-truce" is not disputed

  Scenario: A later position without a dispute is no longer shown as disputed
    Given these events were recorded:
      | id      | type      | proposal   | date       | party | confidence | disputed_by | dispute                    |
      | ru-rev  | reviewing | truce-2025 | 2025-03-14 | RU    | claimed    | UA          | Kyiv says Moscow said no   |
      | ru-rej  | rejected  | truce-2025 | 2025-03-18 | RU    | confirmed  |             |                            |
    When I ask for the status as of 2025-03-15
    Then the position of "RU" on "truce-2025" is shown as disputed by "UA"
    When I ask for the status as of 2025-03-19
    Then the position of "RU" on "truce-2025" is not disputed
