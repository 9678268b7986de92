Feature: The why screen reads whole on a small terminal
  `w` on the overview or in the proposal view explains a status or a party's position (see
  features/briefings/why.feature for what the explanation says). On the dashboard it reads like every
  other screen: dates as "29 Mar 2022", the key line keeping help, the palette and quit. Event ids are
  what an analyst copies into `retracts:`, so they are never cut: the events table gives the id column
  the width of its longest id and leaves out the date, type, party and confidence columns when they do
  not fit; the line above the table says all of them, and the note, for the selected event.

  Scenario: A disputed position and its retracted first version, at 80 by 24
    Given the dashboard is open on the bundled dataset as of 2022-04-01
    When the terminal is 80 by 24
    And I open "kyiv-chernihiv-deescalation-2022"
    And I press "w"
    And I press "right" twice
    Then the why screen says "RU is proposer on kyiv-chernihiv-deescalation-2022 since 29 Mar 2022"
    And the why screen says "disputed by UA"
    And the why screen lists "ru-proposes-kyiv-chernihiv-deescalation-2022-ed2" as "decides it"
    And the why screen lists "ru-proposes-kyiv-chernihiv-deescalation-2022" as "retracted"
    And every event id of the why screen shows whole, with nothing to scroll sideways
    And the selected event reads "ru-proposes-kyiv-chernihiv-deescalation-2022-ed2  29 Mar 2022 · proposed"
    And the key line ends with "? help  ^p palette  q quit"
    When I press "down"
    Then the selected event reads "retracted by retract-ru-proposes-kyiv-chernihiv-deescalation-2022"

  Scenario: The status and its violation reports, with the longest ids, at 80 by 24
    Given the dashboard is open on the bundled dataset as of 2025-03-25
    When the terminal is 80 by 24
    And I open "energy-strike-pause-2025"
    And I press "w"
    Then the why screen says "in force: from 18 Mar 2025 for 30 days, to 16 Apr 2025 inclusive"
    And the why screen lists "ua-reports-dnipropetrovsk-energy-strike-2025-03-19-ed2" as "violation"
    And every event id of the why screen shows whole, with nothing to scroll sideways
    When I press "end"
    Then the selected event reads "ua-reports-dnipropetrovsk-energy-strike-2025-03-19-ed2  19 Mar 2025"
    And the key line ends with "? help  ^p palette  q quit"
