Feature: What changed between two dates
  An analyst asks: "what changed between D1 and D2?" The answer lists every status and
  every party's position that differs, each with where it was and where it is.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type     | proposal   | date       | party |
      | rejected | truce-2025 | 2025-03-18 | RU    |

  Scenario: From the proposal to Russia's answer
    When I compare 2025-03-11 with 2025-03-18
    Then the changes are:
      | proposal   | what     | party | from     | to       |
      | truce-2025 | status   |       | proposed | rejected |
      | truce-2025 | position | UA    | unknown  | accepted |
      | truce-2025 | position | RU    | unknown  | rejected |

  Scenario: A proposal that did not exist yet appears with all its parties
    When I compare 2025-03-01 with 2025-03-11
    Then the changes are:
      | proposal   | what     | party | from | to       |
      | truce-2025 | status   |       | -    | proposed |
      | truce-2025 | position | UA    | -    | unknown  |
      | truce-2025 | position | RU    | -    | unknown  |
      | truce-2025 | position | US    | -    | proposer |

  Scenario: Nothing happened in between
    When I compare 2025-03-13 with 2025-03-17
    Then nothing changed

  Scenario: An amendment turns positions stale, marked with a star
    Given these events were recorded:
      | type    | proposal   | date       | party |
      | amended | truce-2025 | 2025-03-20 | US    |
    When I compare 2025-03-19 with 2025-03-20
    Then the changes are:
      | proposal   | what     | party | from     | to        |
      | truce-2025 | status   |       | rejected | negotiating |
      | truce-2025 | position | UA    | accepted | accepted* |
      | truce-2025 | position | RU    | rejected | rejected* |
