Feature: Every problem of a file in one run
  An analyst who validates a file sees all its problems at once, each at its own line, in the
  tracker's words: what was expected, what was found, and the nearest valid value. A mistake in
  one event never hides another in the same event or in the events after it. A bad value in
  `defaults` is reported once, where it is written, with the number of events that inherit it.
  Nothing is written while any problem is left.

  The store holds the test parties (UA, RU, US, EU with aliases such as Kyiv, Kremlin and Moscow),
  the sources src-daily and src-weekly, and the 30-day truce "truce-2025" (terms "halt" and
  "swap"), accepted by Ukraine as the event "ua-accepts-truce". Today is 2026-01-05.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario: Thirteen mistakes of twelve kinds, three of them in one event, all in one run
    Given a file "episode.yaml" containing:
      """
      defaults:
        confidence: sure
      events:
        - type: accepted
          proposal: truce-2025
          date: 2025-03-13
          party: RUS
        - type: retracted
          proposal: truce-2025
          date: 2025-02-30
          retracts: ua-accepts
          colour: red
          reason: A typo
        - type: violation_reported
          proposal: truce-2025
          date: 2025-03-15
          party: UA
          against: Moskow
          sources: [src-dayly]
        - type: countered
          proposal: truce-2025
          date: 2025-03-15
          party: RU
          counter_proposal: truce-2052
        - type: proposed
          proposal: eu-plan
          date: 2025-03-16
          party: EU
          title: A European plan
          kind: truce
          parties: [UA, RU]
        - type: accepted
          proposal: eu-plan
          date: 2025-03-17
          party: UA
          confidence: reported
        - type: rejected
          proposal: truce-2025
          date: 2025-03-19
          party: RU
          terms: [hault]
          sources: [{outlet: Wire, pages: 3}]
        - type: in_force
          proposal: truce-2026
          date: 2025-03-18
          duration_days: thirty
      """
    When I validate "episode.yaml"
    Then the file is refused
    And the refusals are, line by line:
      | line | field                       | says                                                  | nearest          |
      | 2    | defaults.confidence         | 'sure' is not a valid confidence; 7 events inherit it |                  |
      | 7    | events[0].party             | unknown party 'RUS'                                   | RU               |
      | 10   | events[1].date              | February 2025 has 28 days                             |                  |
      | 11   | events[1].retracts          | unknown event 'ua-accepts' to retract                 | ua-accepts-truce |
      | 12   | events[1].colour            | unknown field 'colour' for a `retracted` event        | none             |
      | 18   | events[2].against           | unknown party 'Moskow'                                | moscow           |
      | 19   | events[2].sources[0]        | unknown source 'src-dayly'                            | src-daily        |
      | 24   | events[3].counter_proposal  | unknown proposal 'truce-2052'                         | truce-2025       |
      | 30   | events[4].kind              | 'truce' is not a valid kind                           |                  |
      | 41   | events[6].terms[0]          | unknown term 'hault'                                  | halt             |
      | 42   | events[6].sources[0].pages  | unknown field 'pages' for an inline source            |                  |
      | 44   | events[7].proposal          | unknown proposal 'truce-2026'                         | truce-2025       |
      | 46   | events[7].duration_days     | duration_days must be a whole number                  |                  |
    And every refusal says what was expected or what was found
    And the store did not change

  Scenario: A template is refused until its placeholders are filled in
    Given a file "new.yaml" made with "tracker template --file reviewing"
    When I validate "new.yaml"
    Then the file is refused
    And the refusal lists 3 problems
    And the refusal says "events[0].proposal: placeholder <proposal-id> not filled in"
    When I replace "<proposal-id>" with "truce-2025" in "new.yaml"
    And I replace "<YYYY-MM-DD>" with "2025-03-14" in "new.yaml"
    And I replace "<party>" with "RU" in "new.yaml"
    And I validate "new.yaml"
    Then the file is valid

  Scenario: Templates appended to one file again and again give one valid file
    Given a file "talks.yaml" made with "tracker template --file talks_held"
    And "tracker template accepted" appended to "talks.yaml" twice
    When I validate "talks.yaml"
    Then the file is refused
    And every refusal is a placeholder not filled in

  Scenario: A party name with a Cyrillic letter names no party
    Given a file "spoof.yaml" containing the event {type: reviewing, proposal: truce-2025, date: 2025-03-14, party: Kremlіn}
    When I validate "spoof.yaml"
    Then the file is refused
    And the refusal says "it mixes Latin letters with the Cyrillic letter 'і' (U+0456)"
    And the suggestion is "kremlin"

  Scenario: A number with a leading zero is refused, and a time stays text
    Given a file "numbers.yaml" containing:
      """
      events:
        - {type: in_force, proposal: truce-2025, date: 2025-03-14, duration_days: 030}
      """
    When I validate "numbers.yaml"
    Then the file is refused
    And the refusal points at line 2, column 77
    And the refusal says "the number 030 has a leading zero"
    When I replace "030" with "12:30" in "numbers.yaml"
    And I validate "numbers.yaml"
    Then the refusal says "duration_days must be a whole number (expected a whole number such as 30; found the text '12:30')"
