Feature: The dashboard reads whole at every terminal size
  An analyst works in whatever terminal is at hand: 80 by 24 on a laptop, 120 by 40, or a wide screen.
  Nothing is cut or hidden: the overview fits the width (the titles take the room that is left, and
  party columns scroll under the pinned proposal and status columns when there are too many), the
  header always says where in time the screen stands, and the key line always keeps help, the palette
  and quit. Details read as words, never as data.

  Background:
    Given the dashboard is open on the bundled dataset as of 2025-03-19

  Scenario: Every flag stays in the header of a small terminal
    When the terminal is 80 by 24
    And I diff since "2025-03-01"
    And I set known on to "2026-01-20"
    And I press "s"
    Then the header shows "19 Mar 2025"
    And the header shows "2026-01-20"
    And the header shows "Δ since 1 Mar 2025"
    And the header shows "↓last-change"
    And the key line ends with "? help  ^p palette  q quit"
    And every status and date of the overview shows whole, with nothing to scroll sideways

  Scenario: One key goes back to what is known now
    When I set known on to "2026-01-01"
    Then the header shows "known on end of 2026-01-01 UTC"
    When I press "K"
    Then the header shows "known now"

  Scenario: An instant before the store's history starts says so
    When I set known on to "2024-01-01"
    Then there are 0 rows
    And the header shows "known on end of 2024-01-01 UTC"

  Scenario: A filter value that matches nothing lists the valid ones
    When I filter by "status:zzz"
    Then there are 0 rows
    And the filter says "status:zzz is no status; try in_force, agreed, negotiating"

  Scenario: Plain words match a party's name
    When I filter by "saudi"
    Then there are 0 rows
    When I clear the filter
    And I filter by "united"
    Then there are 3 rows

  Scenario: A conditional acceptance and a disputed report read as such
    Given a disputed violation report and a conditional acceptance were recorded on the Black Sea ceasefire
    When I go to the date "2025-03-31"
    And I open "black-sea-2025"
    Then the timeline says "UA accepted on conditions: Russian warships leave the western Black Sea"
    And the timeline says "RU reports a violation by UA: a drone near Sevastopol (disputed by UA)"
    And the lane of "UA" shows "?"
    When I open the last event of the timeline
    Then the event view shows "disputed by     Ukraine (UA)"
    And the event view shows "against         Ukraine (UA)"

  Scenario: Too many parties for the width: the party columns scroll under the pinned ones
    When I go to the date "2025-12-31"
    And the terminal is 60 by 30
    Then the party columns in view are "UA"
    And the header row says "▶ +3"
    And every status and date of the overview shows whole, with nothing to scroll sideways
    When I press "right"
    Then the party columns in view are "RU"
    And the header row says "◀ RU ▶ +2"
    When I press "left"
    Then the party columns in view are "UA"
