Feature: Dates known only to the month or the year
  When a source says only "in March", the event carries 2025-03. It counts from the start
  of its period, but never before its proposal was proposed, and it is printed as written.

  Background:
    Given a store with the test parties UA, RU, US and EU

  Scenario: A proposal dated to a month counts from the first day of that month
    Given these events were recorded:
      | type     | proposal   | date    | party | title          | kind     | parties |
      | proposed | grain-2025 | 2025-04 | US    | Grain corridor | maritime | UA, RU  |
    When I ask for the status as of 2025-03-31
    Then proposal "grain-2025" is not yet proposed
    When I ask for the status as of 2025-04-01
    Then proposal "grain-2025" has status "proposed"
    And party "US" is "proposer" on "grain-2025" since 2025-04

  Scenario: An event of the proposal's own month counts from the day of the proposal, not before
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type      | proposal   | date    | party |
      | reviewing | truce-2025 | 2025-03 | RU    |
    When I ask for the status as of 2025-03-10
    Then proposal "truce-2025" is not yet proposed
    When I ask for the status as of 2025-03-11
    Then party "RU" is "reviewing" on "truce-2025" since 2025-03
    And proposal "truce-2025" has status "negotiating"

  Scenario: A year counts from the first of January
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And today is 2026-06-01
    And these events were recorded:
      | type      | proposal   | date | party |
      | reviewing | truce-2025 | 2026 | EU    |
    When I ask for the status as of 2025-12-31
    Then party "EU" is "unknown" on "truce-2025"
    When I ask for the status as of 2026-01-01
    Then party "EU" is "reviewing" on "truce-2025" since 2026
