Feature: Appending an event file
  An analyst writes a YAML file, validates it, reads the refusals, fixes the file, appends it
  and sees the new status. One file is one batch: all of it is appended, or none of it.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario: Write, validate, read the errors, fix, append, see the new status
    Given a file "russia-answers.yaml" containing:
      """
      # Moscow's answer to the truce, from the evening news.
      events:
        - type: rejected
          proposal: truce-2025
          date: 2025-03-18
          party: RUS
          reason: Military aid to Ukraine must stop first
      """
    When I validate "russia-answers.yaml"
    Then the file is refused
    And the refusal names the file "russia-answers.yaml"
    And the refusal points at line 6, column 12, field "events[0].party"
    And the refusal says "unknown party 'RUS'"
    And the refusal says "did you mean 'RU'?"
    And the store did not change
    When I replace "party: RUS" with "party: RU" in "russia-answers.yaml"
    And I validate "russia-answers.yaml"
    Then the file is valid
    And the store did not change
    When I append "russia-answers.yaml"
    Then the file is appended with 1 new event
    When I ask for the status as of 2025-03-18
    Then proposal "truce-2025" has status "rejected"
    And party "RU" is "rejected" on "truce-2025" since 2025-03-18

  Scenario: Validating does not wait for a colleague's append
    Given a file "russia-answers.yaml" containing:
      """
      events:
        - type: rejected
          proposal: truce-2025
          date: 2025-03-18
          party: RU
      """
    And a colleague's append holds the store's write lock
    When I validate "russia-answers.yaml"
    Then the file is valid
    And the store did not change

  Scenario: Appending the same file twice adds nothing the second time
    Given a file "talks.yaml" containing:
      """
      events:
        - {type: talks_held, proposal: truce-2025, date: 2025-03-13, participants: [US, UA], location: Jeddah}
      """
    When I append "talks.yaml"
    Then the file is appended with 1 new event
    When I append "talks.yaml"
    Then the file adds nothing
    And the store did not change

  Scenario: One bad event among good ones: nothing of the file is appended
    Given a file "mixed.yaml" containing:
      """
      events:
        - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: RU}
        - {type: talks_held, proposal: truce-2025, date: 2025-03-14, participants: [US, RU], location: Riyadh}
        - {type: accepted, proposal: truce-2025, date: 2025-03-15, party: RU, terms: [hault]}
      """
    When I append "mixed.yaml"
    Then the file is refused
    And the refusal points at line 4, column 81, field "events[2].terms[0]"
    And the suggestion is "halt"
    And the store did not change

  Scenario: Every problem of a file is reported at once
    Given a file "sloppy.yaml" containing:
      """
      events:
        - {type: reviewing, proposal: truce-2025, date: 2025-03-13, party: Kreml}
        - {type: acepted, proposal: truce-2025, date: 2025-03-14, party: RU}
        - {type: rejected, proposal: truce-2025, date: 2025-02-30, party: RU}
      """
    When I validate "sloppy.yaml"
    Then the file is refused
    And the refusal lists 3 problems

  Scenario: A file may register a party and a source and use them at once, and defaults fill in fields
    Given a file "turkey.yaml" containing:
      """
      parties:
        - {id: TR, name: Turkey, aliases: [Ankara, Türkiye]}
      sources:
        - {id: src-anadolu, outlet: Anadolu, published: 2025-03-14, language: tr}
      defaults:
        proposal: truce-2025
        sources: [src-anadolu]
      events:
        - {type: talks_held, date: 2025-03-14, participants: [Ankara, Kyiv, Moscow], location: Istanbul}
        - {type: accepted, date: 2025-03-14, party: Türkiye, confidence: claimed}
      """
    When I append "turkey.yaml"
    Then the file is appended with 2 new events
    When I ask for the status as of 2025-03-14
    Then party "TR" is "accepted" on "truce-2025" since 2025-03-14

  Scenario: A proposal, its terms and its ids may be used further down the same file
    Given a file "grain.yaml" containing:
      """
      events:
        - id: us-proposes-grain
          type: proposed
          proposal: grain-2025
          date: 2025-04-02
          party: US
          title: Grain corridor
          kind: maritime
          parties: [UA, RU]
          terms:
            - {id: ports, text: Ports of Odesa open to grain ships}
        - {id: ru-grain, type: accepted, proposal: grain-2025, date: 2025-04-03, party: RU, terms: [ports]}
        - {type: retracted, proposal: grain-2025, date: 2025-04-04, retracts: ru-grain, reason: Misreported}
      """
    When I append "grain.yaml"
    Then the file is appended with 3 new events
    When I ask for the status as of 2025-04-04
    Then proposal "grain-2025" has status "proposed"
    And party "RU" is "unknown" on "grain-2025"
