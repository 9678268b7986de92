Feature: The bundled dataset tells the real state of the talks
  Analysts open the tracker on the bundled journal and read where every party stood, as the
  corrected journal has it (the first edition plus its correction files). Dates are as the sources
  give them: "last week" seen from Wednesday 19 March 2025 is 10-16 March.

  Background:
    Given a store loaded with the bundled dataset

  Scenario: After the Istanbul round, 31 March 2022
    When I ask for the status as of 2022-03-31
    Then proposal "istanbul-2022" has status "negotiating"
    And party "UA" is "proposer" on "istanbul-2022"
    And party "RU" is "reviewing" on "istanbul-2022" since 2022-03-30
    And proposal "istanbul-2022" is at revision 1
    And proposal "kyiv-chernihiv-deescalation-2022" has status "proposed"
    And party "RU" is "proposer" on "kyiv-chernihiv-deescalation-2022"
    And the position of "RU" on "kyiv-chernihiv-deescalation-2022" is shown as disputed by "UA"
    And party "UA" is "unknown" on "kyiv-chernihiv-deescalation-2022"
    And proposal "kyiv-chernihiv-deescalation-2022" has 1 violation
    And proposal "ceasefire-30d-2025" is not yet proposed

  Scenario: Before the Jeddah round, 2 March 2025, Ukraine has not yet accepted
    When I ask for the status as of 2025-03-02
    Then proposal "ceasefire-30d-2025" has status "proposed"
    And party "US" is "proposer" on "ceasefire-30d-2025" since 2025-03
    And party "UA" is "unknown" on "ceasefire-30d-2025"
    And party "RU" is "unknown" on "ceasefire-30d-2025"

  Scenario: After the Jeddah talks, 17 March 2025
    When I ask for the status as of 2025-03-17
    Then proposal "ceasefire-30d-2025" has status "negotiating"
    And party "US" is "proposer" on "ceasefire-30d-2025" since 2025-03
    And party "UA" is "accepted" on "ceasefire-30d-2025" since 2025-03-10/2025-03-16
    And party "RU" is "unknown" on "ceasefire-30d-2025"
    And proposal "energy-strike-pause-2025" is not yet proposed
    And proposal "black-sea-2025" is not yet proposed
    And proposal "prisoner-exchange-2025" is not yet proposed
    And proposal "peace-plan-28pt-2025" is not yet proposed

  Scenario: The day after the Trump-Putin call, 19 March 2025
    When I ask for the status as of 2025-03-19
    Then proposal "ceasefire-30d-2025" has status "rejected"
    And party "UA" is "accepted" on "ceasefire-30d-2025"
    And party "RU" is "rejected" on "ceasefire-30d-2025" since 2025-03-18
    And the position of "RU" on "ceasefire-30d-2025" is not disputed
    And proposal "energy-strike-pause-2025" has status "in_force"
    And party "US" is "proposer" on "energy-strike-pause-2025"
    And party "RU" is "accepted" on "energy-strike-pause-2025" since 2025-03-18
    And party "UA" is "accepted" on "energy-strike-pause-2025" since 2025-03-19
    And the in-force window of "energy-strike-pause-2025" runs from 2025-03-18 until 2025-04-17
    And proposal "energy-strike-pause-2025" has 3 violations
    And proposal "black-sea-2025" has status "negotiating"
    And party "US" is "proposer" on "black-sea-2025"
    And party "RU" is "reviewing" on "black-sea-2025" since 2025-03-18
    And party "UA" is "unknown" on "black-sea-2025"
    And proposal "prisoner-exchange-2025" has status "proposed"
    And party "RU" is "proposer" on "prisoner-exchange-2025"
    And party "UA" is "unknown" on "prisoner-exchange-2025"

  Scenario: The accusations of 19 March are kept apart, each with its own day and confidence
    When I ask for the status as of 2025-03-19
    Then the violations of "energy-strike-pause-2025" are:
      | date                  | reported_by | by | confidence |
      | 2025-03-18/2025-03-19 | UA          | RU | reported   |
      | 2025-03-18/2025-03-19 | RU          | UA | claimed    |
      | 2025-03-19            | UA          | RU | claimed    |

  Scenario: The printed timeline reads each date as the source gives it
    When I print the timeline of "ceasefire-30d-2025"
    Then the printed timeline heads event "ua-accepts-30d-2025-ed3" with "10-16 Mar 2025  accepted  UA  rev 1  [confirmed]"
    And the printed timeline heads event "jeddah-talks-2025-03-ed3" with "10-16 Mar 2025  talks_held  rev 1  [confirmed]"
    And the printed timeline heads event "ua-accepts-30d-2025-ed2" with "Mar 2025  accepted  UA  rev 1  [confirmed]  RETRACTED"
    When I print the timeline of "energy-strike-pause-2025"
    Then the printed timeline heads event "call-trump-zelensky-2025-03-19-ed2" with "19 Mar 2025?  talks_held  rev 1  [reported]"
    And the printed timeline heads event "energy-pause-in-force-2025-03-18-ed3" with "18 Mar 2025?  in_force  rev 1  [reported]"
    When I print the timeline of "kyiv-chernihiv-deescalation-2022"
    Then the printed timeline heads event "ua-reports-chernihiv-shelling-2022-03-30-ed3" with "29-30 Mar 2022  violation_reported  UA  rev 1  [claimed]"

  Scenario: The Kremlin's account of the 18 March call is shown with the US denial
    When I read the timeline of "ceasefire-30d-2025"
    Then event "call-trump-putin-2025-03-18-ed2" is shown as disputed by "US"
    And event "ru-rejects-30d-2025-ed2" is not disputed
    And event "ru-rejects-30d-2025" is shown as retracted by "retract-ru-rejects-30d-2025"

  Scenario: After the Riyadh round, 26 March 2025
    When I ask for the status as of 2025-03-26
    Then proposal "black-sea-2025" has status "negotiating"
    And party "RU" is "reviewing" on "black-sea-2025" since 2025-03-25
    And party "UA" is "unknown" on "black-sea-2025"
    And proposal "ceasefire-30d-2025" has status "rejected"
    And proposal "energy-strike-pause-2025" has status "in_force"

  Scenario: After the energy pause ran out, 20 April 2025
    When I ask for the status as of 2025-04-20
    Then proposal "energy-strike-pause-2025" has status "expired"
    And proposal "energy-strike-pause-2025" has 3 violations
    And proposal "ceasefire-30d-2025" has status "rejected"
    And proposal "black-sea-2025" has status "negotiating"
    And proposal "istanbul-2022" has status "negotiating"
    And proposal "peace-plan-28pt-2025" is not yet proposed

  Scenario: After the Witkoff and Kushner visit to Moscow, 3 December 2025
    When I ask for the status as of 2025-12-03
    Then proposal "peace-plan-28pt-2025" has status "negotiating"
    And proposal "peace-plan-28pt-2025" is at revision 2
    And party "US" is "proposer" on "peace-plan-28pt-2025"
    And party "RU" is "reviewing" on "peace-plan-28pt-2025" since 2025-12-02
    And party "UA" is "reviewing" on "peace-plan-28pt-2025" since 2025-12-02
    And party "EU" is "countered" on "peace-plan-28pt-2025"
    And the position of "EU" on "peace-plan-28pt-2025" is stale
    And proposal "eu-counter-28pt-2025" has status "rejected"
    And party "EU" is "proposer" on "eu-counter-28pt-2025"
    And party "RU" is "rejected" on "eu-counter-28pt-2025" since 2025-12-02
    And party "UA" is "unknown" on "eu-counter-28pt-2025"
    And proposal "energy-strike-pause-2025" has status "expired"
    And proposal "ceasefire-30d-2025" has status "rejected"
    And proposal "prisoner-exchange-2025" has status "proposed"
