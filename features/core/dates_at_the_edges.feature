Feature: Dates at the calendar's ends
  The calendar the tracker counts in runs from 0001-01-01 to 9999-12-31. Asking about its last
  day, or stepping past either end, holds at that end instead of failing; an instant that falls
  outside it once moved to UTC (9999-12-31T23:00-05:00 is already year 10000 in UTC) means "known
  then, everything recorded" (or nothing, at the start). Typed dates and instants take only the
  ISO forms the README documents: 2025-03-19 is the end of that day, and 20250319 is refused
  rather than read as its midnight. Event dates are never in the future, and neither is an
  in_force's `starts`.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario: The status on the calendar's last and first days
    When I ask for the status as of 9999-12-31
    Then proposal "truce-2025" has status "negotiating"
    When I ask for the status as of 0001-01-01
    Then proposal "truce-2025" is not yet proposed

  Scenario: Replaying up to the calendar's last day
    When I replay the history up to 9999-12-31
    Then the replay lists 2 steps

  Scenario: Known on an instant beyond the calendar's last day in UTC
    When I ask for the status as of 2025-03-19 as known on the typed instant "9999-12-31T23:00:00-05:00"
    Then the view is known on 9999-12-31T23:59:59.999999Z
    And party "UA" is "accepted" on "truce-2025" since 2025-03-12

  Scenario Outline: A typed <what> in another spelling is refused with the documented form
    When I type the <what> "<typed>"
    Then it is refused, suggesting "<suggestion>"

    Examples:
      | what       | typed                 | suggestion |
      | instant    | 20250319              | 2025-03-19 |
      | as-of date | 20250319              | 2025-03-19 |
      | as-of date | 2025-03-10/2025-03-16 | 2025-03-16 |

  Scenario: A month typed as an as-of date means its last day
    When I type the as-of date "2025-02"
    Then it is read as 2025-02-28
