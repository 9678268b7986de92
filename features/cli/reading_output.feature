Feature: Output worth copying
  The analyst copies event ids from the timeline into `retracts:`, and pastes tables into notes
  and mails. So ids are never broken across lines or cut short, whatever the width, and the
  piped output (read as 80 columns) stays one readable line per fact.

  Background:
    Given a store with the truce, a conditional acceptance, talks and a retracted rejection

  Scenario: The timeline shows every event whole, with what an analyst needs
    When I run "tracker timeline truce-2025" at 80 columns
    Then the output has the line "    id: ru-accepts-truce-with-conditions-about-the-front-line"
    And the output has the line "    conditions: freeze of the front line, no rearmament during the pause"
    And the output has the line "    outcome: agreement on a monitoring group"
    And the output has the line "    participants: US, RU"
    And the output has the line "    retracts: ua-rejects-truce-later"
    And the output has the line "    retracted by: correction-of-the-ua-rejection"
    And the output has the line "    reason: the front line keeps moving"
    And no line of the output is wider than 80 columns except an id line

  Scenario: replay --from includes the events of that day, with confidence and retracted ids
    When I run "tracker replay --from 2025-03-13 --to 2025-03-31"
    Then the output starts with "13 Mar 2025  accepted truce-2025 by RU  [claimed]"
    And the output has the line "16 Mar 2025  retracted truce-2025 retracts ua-rejects-truce-later  [reported]  (correction-of-the-ua-rejection)"

  Scenario Outline: An unknown id gets the same answer in every command
    When I run "tracker <command>"
    Then the command fails with "unknown proposal 'truce'; did you mean 'truce-2025'?"

    Examples:
      | command                                   |
      | timeline truce                            |
      | status --proposal truce                   |
      | diff 2025-03-01 2025-03-31 --proposal truce |

  Scenario: What the analyst typed is echoed back inert
    When I run "tracker status --proposal" with the argument "\e[2Jtruce"
    Then the command fails with "unknown proposal '\x1b[2Jtruce'"
