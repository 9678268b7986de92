Feature: The analyst moves through time on the dashboard
  An analyst opens the dashboard on the bundled journal, reads where every party stood,
  steps from event to event, jumps to a date, compares two dates and asks what was known when.

  Background:
    Given the dashboard is open on the bundled dataset as of 2025-03-19

  Scenario: Reading the state the day after the Trump-Putin call
    Then "energy-strike-pause-2025" shows status "in force 29d left"
    And "energy-strike-pause-2025" shows "✔ accepted" for "UA"
    And "ceasefire-30d-2025" shows "✘ rejected" for "RU"
    And "black-sea-2025" shows "◐ reviewing" for "RU"

  Scenario: Stepping from event to event
    When I press "]"
    Then the dashboard is as of 2025-03-24
    When I press "[" twice
    Then the dashboard is as of 2025-03-18
    And "energy-strike-pause-2025" shows "· unknown" for "UA"

  Scenario: Stepping by weeks
    When I press "shift+up"
    And I press "shift+right"
    Then the dashboard is as of 2025-03-26
    And the step is "week"

  Scenario: Reading the end of 2025
    When I go to the date "2025-12-31"
    Then "energy-strike-pause-2025" shows status "expired"
    And "peace-plan-28pt-2025" shows "↺* countered" for "EU"
    And "eu-counter-28pt-2025" shows "✘ rejected" for "RU"

  Scenario: Comparing with the week before
    When I diff since "2025-03-12"
    Then "ceasefire-30d-2025" shows "· unknown → ✘ rejected" for "RU"
    And "ceasefire-30d-2025" shows status "negotiating → rejected"
    When I press "d"
    Then "ceasefire-30d-2025" shows "✘ rejected" for "RU"

  Scenario: What the tracker knew before a later report was recorded
    Given Ukraine's acceptance of the Black Sea ceasefire was recorded on 2026-02-01
    When I go to the date "2025-03-31"
    Then "black-sea-2025" shows "✔ accepted" for "UA"
    When I set known on to "2026-01-20"
    Then "black-sea-2025" shows "· unknown" for "UA"
