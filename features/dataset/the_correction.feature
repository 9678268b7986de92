Feature: The bundled journal is corrected the tracker's own way
  The first edition of the bundled journal is never edited. Its corrections ship as new journal files of
  `retracted` events and replacements (the first correction's six files, then the second's, which dates
  events as the sources give them), which a store that already holds the first edition picks up when it
  is opened. Last month's briefing, made before the correction, can still be regenerated exactly.

  Background:
    Given a default store that loaded the first edition of the bundled dataset on 2026-01-05 09:00 UTC
    And the store opened with the corrected bundle on 2026-01-06 09:00 UTC

  Scenario: Opening the store announces what it picked up, in one line, once
    Then the store said "bundled dataset updated: 76 event(s) added from 7 file(s)"
    When the store is opened with the corrected bundle again on 2026-01-07 09:00 UTC
    Then the store said nothing about the bundled dataset

  Scenario: Known on the day before the correction, the first edition is what the tracker knew
    When I ask for the status as of 2025-03-19 as known on 2026-01-05 12:00 UTC
    Then proposal "energy-strike-pause-2025" has 2 violations
    And proposal "prisoner-exchange-2025" is not yet proposed
    And the position of "RU" on "kyiv-chernihiv-deescalation-2022" is not disputed

  Scenario: Known after the correction, the corrected journal
    When I ask for the status as of 2025-03-19 as known on 2026-01-06 12:00 UTC
    Then proposal "energy-strike-pause-2025" has 3 violations
    And proposal "prisoner-exchange-2025" has status "proposed"
    And the position of "RU" on "kyiv-chernihiv-deescalation-2022" is shown as disputed by "UA"

  Scenario: The timeline shows each correction, and hides none of the first edition
    When I read the timeline of "energy-strike-pause-2025"
    Then event "ua-reports-dnipropetrovsk-energy-strike-2025-03-19" is shown as retracted by "retract-ua-reports-dnipropetrovsk-energy-strike-2025-03-19"
    And event "ua-reports-dnipropetrovsk-energy-strike-2025-03-19-ed2" counts
    And event "ua-reports-sloviansk-grid-strike-2025-03" is shown as retracted by "retract-ua-reports-sloviansk-grid-strike-2025-03"
    And event "ua-reports-sloviansk-grid-strike-2025-03-ed2" counts
    When I read the timeline of "energy-strike-pause-2025" as known on 2026-01-05 12:00 UTC
    Then event "ua-reports-dnipropetrovsk-energy-strike-2025-03-19" counts
    And the timeline has no event "ua-reports-sloviansk-grid-strike-2025-03"

  Scenario: The positions the correction leaves in place are the same before and after it
    When I compare what was known on 2026-01-05 12:00 UTC with what is known on 2026-01-06 12:00 UTC as of 2025-12-03
    Then the only differences are:
      | proposal               | what     | party | from | to       |
      | prisoner-exchange-2025 | status   |       | -    | proposed |
      | prisoner-exchange-2025 | position | UA    | -    | unknown  |
      | prisoner-exchange-2025 | position | RU    | -    | proposer |
