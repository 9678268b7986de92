Feature: A failure is reported for its file
  Each file is its own batch. Whatever stops one file (a refusal, a full disk, a file still being
  written) is reported for that file, nothing of it is appended, and the other files are still tried.

  Background:
    Given a store with the test parties UA, RU, US and EU

  Scenario: The disk fills up while one file of a folder is appended
    Given a file "01-proposal.yaml" containing:
      """
      events:
        - {id: grain-proposed, type: proposed, proposal: grain-2025, date: 2025-04-02, party: US, title: Grain corridor, kind: maritime, parties: [UA, RU]}
      """
    And a file "02-answer.yaml" containing:
      """
      events:
        - {id: ua-accepts-grain, type: accepted, proposal: grain-2025, date: 2025-04-03, party: UA}
      """
    And a file "03-review.yaml" containing:
      """
      events:
        - {id: ru-reviews-grain, type: reviewing, proposal: grain-2025, date: 2025-04-04, party: RU}
      """
    And the disk fills up when the event "ua-accepts-grain" is written
    When I append the folder of event files
    Then the files are reported as "01-proposal.yaml appended, 02-answer.yaml refused, 03-review.yaml appended"
    And the refusal says "the disk holding the store is full"
    When I ask for the status as of 2025-04-04
    Then party "RU" is "reviewing" on "grain-2025"
    And party "UA" is "unknown" on "grain-2025"

  Scenario: A file that another program is still writing is not appended until it is saved
    Given a file "01-proposal.yaml" containing:
      """
      events:
        - {id: grain-proposed, type: proposed, proposal: grain-2025, date: 2025-04-02, party: US, title: Grain corridor, kind: maritime, parties: [UA, RU]}
      """
    And another program keeps rewriting "01-proposal.yaml"
    When I append "01-proposal.yaml"
    Then the file is refused
    And the refusal says "changed while it was being read"
    And the store did not change
    When the other program has finished
    And I append "01-proposal.yaml"
    Then the file is appended with 1 new event
