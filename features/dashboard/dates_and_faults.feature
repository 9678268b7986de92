Feature: Dates as the sources give them, and faults in one line, in the dashboard
  The dashboard writes every date as the source gave it ("26-30 Mar 2025", "19 Mar 2025?"), and
  draws a position dated by an interval as uncertain until the interval's end. A damaged store
  is said in one line, the command line's, and the dashboard stays open; an event id typed with a
  typo gets the command line's "did you mean".

  Scenario: A position dated "last week" is uncertain in the swimlane until the week's end
    Given the dashboard is open on the bundled dataset as of 2025-04-05
    And Ukraine's acceptance of the Black Sea ceasefire was recorded dated "2025-03-26/2025-03-30"
    When I open "black-sea-2025"
    Then the timeline dates "bdd-ua-accepts-last-week" "26-30 Mar 2025"
    And UA's lane is drawn "░" up to 30 Mar 2025 and "✔" after it

  Scenario: A damaged store is one line in the error panel, and the dashboard stays open
    Given the dashboard is open on the bundled dataset, its stored snapshots cut short, as of 2025-03-19
    Then the error panel says, in one line, "the store is corrupt" and "tracker rebuild"
    And the dashboard is still open on the overview
    When I press "x"
    Then the error panel is hidden

  Scenario: An event id with a typo gets the command line's suggestion
    Given the dashboard is open on the bundled dataset as of 2025-03-19
    When I ask to open the event "ua-reports-dnipropetrovsk-energy-strike-2025-03-19-ed" by its id
    Then the field says "unknown event 'ua-reports-dnipropetrovsk-energy-strike-2025-03-19-ed'; did you mean 'ua-reports-dnipropetrovsk-energy-strike-2025-03-19-ed2'?"
