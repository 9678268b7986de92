Feature: What is refused
  A file is refused whole when any event in it breaks a rule. The refusal names the file,
  the line, the column and the field, says what was expected, and suggests the nearest valid
  value where one exists. Nothing is written.

  The store holds the test parties (UA, RU, US, EU with aliases such as Kyiv and Kremlin) and
  the 30-day truce "truce-2025", proposed on 2025-03-11 with the terms "halt" and "swap", whose
  acceptance by Ukraine is the event "ua-accepts-truce".

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario Outline: Refused: <refusal>
    Given a file "attempt.yaml" containing the event <event>
    When I append "attempt.yaml"
    Then the file is refused
    And the refusal points at field "<field>"
    And the refusal says "<says>"
    And the suggestion is "<hint>"
    And the store did not change

    Examples:
      | refusal                               | event                                                                                                  | field                         | says                                    | hint       |
      | an unknown party                      | {type: rejected, proposal: truce-2025, date: 2025-03-18, party: RUS}                                  | events[0].party               | unknown party 'RUS'                     | RU         |
      | an unknown alias                      | {type: rejected, proposal: truce-2025, date: 2025-03-18, party: Kremln}                               | events[0].party               | unknown party 'Kremln'                  | kremlin    |
      | an unknown event type                 | {type: acepted, proposal: truce-2025, date: 2025-03-18, party: RU}                                    | events[0].type                | unknown event type 'acepted'            | accepted   |
      | an unknown field                      | {type: accepted, proposal: truce-2025, date: 2025-03-18, party: RU, term: [halt]}                     | events[0].term                | unknown field 'term'                    | terms      |
      | an unknown proposal                   | {type: accepted, proposal: truce-2026, date: 2025-03-18, party: RU}                                   | events[0].proposal            | unknown proposal 'truce-2026'           | truce-2025 |
      | an unknown term                       | {type: accepted, proposal: truce-2025, date: 2025-03-18, party: RU, terms: [hault]}                   | events[0].terms[0]            | unknown term 'hault'                    | halt       |
      | a rejection of a term that is not there | {type: rejected, proposal: truce-2025, date: 2025-03-18, party: RU, terms: [energy]}                | events[0].terms[0]            | unknown term 'energy'                   | none       |
      | an amendment of a term that is not there | {type: amended, proposal: truce-2025, date: 2025-03-20, party: US, remove_terms: [swapp]}          | events[0].remove_terms[0]     | unknown term 'swapp'                    | swap       |
      | a second proposed                     | {type: proposed, proposal: truce-2025, date: 2025-03-20, party: EU, title: T, kind: other, parties: [UA]} | events[0].type             | already proposed                        | none       |
      | a date before the proposal            | {type: reviewing, proposal: truce-2025, date: 2025-03-10, party: RU}                                  | events[0].date                | before 'truce-2025' was proposed        | none       |
      | a month wholly before the proposal    | {type: reviewing, proposal: truce-2025, date: 2025-02, party: RU}                                     | events[0].date                | before 'truce-2025' was proposed        | none       |
      | a retraction of an unknown event      | {type: retracted, proposal: truce-2025, date: 2025-03-20, retracts: ua-accepts, reason: typo}         | events[0].retracts            | unknown event 'ua-accepts' to retract   | ua-accepts-truce |
      | a counter proposal that does not exist | {type: countered, proposal: truce-2025, date: 2025-03-20, party: RU, counter_proposal: truce-2052}   | events[0].counter_proposal    | unknown proposal 'truce-2052'           | truce-2025 |
      | a counter_to that does not exist      | {type: proposed, proposal: eu-plan, date: 2025-03-20, party: EU, title: T, kind: other, parties: [RU], counter_to: us-plan} | events[0].counter_to | unknown proposal 'us-plan' | none |
      | an id reused with other content       | {id: ua-accepts-truce, type: rejected, proposal: truce-2025, date: 2025-03-12, party: UA}             | events[0].id                  | already used by a different event       | none       |
      | a date in the future                  | {type: reviewing, proposal: truce-2025, date: 2026-02-01, party: RU}                                  | events[0].date                | in the future                           | none       |
      | an impossible date                    | {type: reviewing, proposal: truce-2025, date: 2025-02-30, party: RU}                                  | events[0].date                | February 2025 has 28 days               | 2025-02-28 |
      | a missing field                       | {type: violation_reported, proposal: truce-2025, date: 2025-03-16, party: UA}                         | events[0].against             | missing field 'against'                 | none       |
      | an unknown source                     | {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU, sources: [src-dayly]}            | events[0].sources[0]          | unknown source 'src-dayly'              | src-daily  |

  Scenario: An empty file is refused
    Given an empty file "empty.yaml"
    When I append "empty.yaml"
    Then the file is refused
    And the refusal says "empty.yaml: the file is empty"
    And the store did not change

  Scenario: A file whose root is not a mapping is refused
    Given a file "list.yaml" containing:
      """
      - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU}
      """
    When I append "list.yaml"
    Then the file is refused
    And the refusal points at line 1, column 1
    And the refusal says "root must be a mapping"
    And the store did not change

  Scenario: A duplicate key is refused where it repeats
    Given a file "twice.yaml" containing:
      """
      events:
        - type: reviewing
          proposal: truce-2025
          party: RU
          date: 2025-03-13
          party: UA
      """
    When I append "twice.yaml"
    Then the file is refused
    And the refusal points at line 6, column 5
    And the refusal says "duplicate key 'party' (first at line 4)"
    And the store did not change

  Scenario: A YAML tag is refused
    Given a file "tagged.yaml" containing:
      """
      events:
        - type: reviewing
          proposal: truce-2025
          date: !!timestamp 2025-03-13
          party: RU
      """
    When I append "tagged.yaml"
    Then the file is refused
    And the refusal points at line 4, column 11
    And the refusal says "is not allowed: write plain values"
    And the store did not change

  Scenario: Invalid UTF-8 is refused at the offending byte
    Given a file "latin1.yaml" with the bytes "caf" that are not UTF-8
    When I append "latin1.yaml"
    Then the file is refused
    And the refusal points at line 2, column 15
    And the refusal says "not valid UTF-8"
    And the store did not change
