Feature: The analyst reads one proposal and one event
  From the overview the analyst filters the rows, opens a proposal to see its terms, its
  timeline and its swimlanes, opens one event to check its sources, and comes back where she was.

  Background:
    Given the dashboard is open on the bundled dataset as of 2025-03-19

  Scenario: Filtering the rows
    When I filter by "status:rejected"
    Then the rows are "ceasefire-30d-2025"
    When I clear the filter
    Then there are 6 rows

  Scenario: Opening a proposal, then an event, and going back
    When I open "energy-strike-pause-2025"
    Then I see the proposal "30-day pause on strikes against energy infrastructure"
    And its timeline lists 28 events
    And its swimlanes mark the as-of date
    When I open the last event of the timeline
    Then I see the event "call-trump-zelensky-2025-03-19-ed2" citing "src-2025-03-19-energy-pause"
    When I press "escape" twice
    Then I see the overview with "energy-strike-pause-2025" selected

  Scenario: A note written like markup is shown as written
    Given a note "[bold]not bold[/] \e[31mnot red" was recorded on the Black Sea ceasefire
    When I go to the date "2025-03-31"
    And I select "black-sea-2025"
    Then the lower panel shows "[bold]not bold[/] \x1b[31mnot red"
