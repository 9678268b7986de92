Feature: Give me Monday's briefing again
  An analyst's output is a briefing. `tracker brief` writes the state as of a date as known on
  an instant (by default the store's last recorded instant, written out in the header with the
  store's head position and hash), and the same command with that instant gives the same
  bytes later, whatever was appended or corrected in between.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded on 2025-03-24 08:00 UTC:
      | id         | type               | proposal   | date       | party | against | disputed_by | reason    |
      | ru-rejects | rejected           | truce-2025 | 2025-03-18 | RU    |         |             | aid first |
      | v1         | violation_reported | truce-2025 | 2025-03-19 | UA    | RU      | RU          |           |

  Scenario Outline: Monday's briefing, made again on Thursday, is the same file
    When on 2025-03-24 09:00 UTC I make the briefing as <format>
    And news arrives on 2025-03-25 10:00 UTC:
      | id         | type      | proposal   | date       | party |
      | ru-reviews | reviewing | truce-2025 | 2025-03-20 | RU    |
    And a correction arrives on 2025-03-26 10:00 UTC:
      | id  | type      | proposal   | date       | retracts   | reason   |
      | fix | retracted | truce-2025 | 2025-03-26 | ru-rejects | misquote |
    And on 2025-03-27 09:00 UTC I make the briefing as <format> again, as known on the first one's instant
    Then the two briefings are the same bytes

    Examples:
      | format |
      | md     |
      | html   |
      | csv    |

  Scenario: The header says what the briefing stands on
    When on 2025-03-24 09:00 UTC I make the briefing as md
    Then the briefing says "| known on | 2025-03-24T08:00:00Z (what the store had recorded by then) |"
    And the briefing names the store's head position and hash
    And the briefing says "**rejected**: RU's current position is rejected, since 2025-03-18 (event ru-rejects)"
    And the briefing says "**disputed by RU**"

  Scenario: Without the instant, Thursday's briefing shows what was learnt since
    When on 2025-03-24 09:00 UTC I make the briefing as csv
    And a correction arrives on 2025-03-26 10:00 UTC:
      | id  | type      | proposal   | date       | retracts   | reason   |
      | fix | retracted | truce-2025 | 2025-03-26 | ru-rejects | misquote |
    And on 2025-03-27 09:00 UTC I make the briefing as csv again, as of 2025-03-24
    Then the two briefings differ
    And the second briefing says "2025-03-24,2025-03-26T10:00:00Z,truce-2025,RU,unknown,,,false,negotiating"
