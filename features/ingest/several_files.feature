Feature: Several files at once
  With several files, or a folder, each file is its own batch: good files are appended,
  refused ones are not, and the summary says which.

  Background:
    Given a store with the test parties UA, RU, US and EU

  Scenario: A folder's YAML files are appended in name order, each its own batch
    Given a file "02-answers.yml" containing:
      """
      events:
        - {type: accepted, proposal: grain-2025, date: 2025-04-03, party: UA}
      """
    And a file "01-proposal.yaml" containing:
      """
      events:
        - {type: proposed, proposal: grain-2025, date: 2025-04-02, party: US, title: Grain corridor, kind: maritime, parties: [UA, RU]}
      """
    And a file "notes.txt" containing:
      """
      Not an event file.
      """
    When I append the folder of event files
    Then the files are reported as "01-proposal.yaml appended, 02-answers.yml appended"
    When I ask for the status as of 2025-04-03
    Then party "UA" is "accepted" on "grain-2025"

  Scenario: A refused file among good ones: the good ones are appended
    Given a file "01-proposal.yaml" containing:
      """
      events:
        - {type: proposed, proposal: grain-2025, date: 2025-04-02, party: US, title: Grain corridor, kind: maritime, parties: [UA, RU]}
      """
    And a file "02-bad.yaml" containing:
      """
      events:
        - {type: accepted, proposal: grain-2025, date: 2025-04-03, party: UKR}
      """
    And a file "03-answer.yaml" containing:
      """
      events:
        - {type: reviewing, proposal: grain-2025, date: 2025-04-04, party: RU}
      """
    When I append "01-proposal.yaml", "02-bad.yaml", "03-answer.yaml"
    Then the files are reported as "01-proposal.yaml appended, 02-bad.yaml refused, 03-answer.yaml appended"
    And the refusal names the file "02-bad.yaml"
    And the store changed
    When I ask for the status as of 2025-04-04
    Then party "RU" is "reviewing" on "grain-2025"
    And party "UA" is "unknown" on "grain-2025"
