Feature: Why does the tracker say RU rejected the truce?
  An analyst who reads "RU ✘ rejected" must be able to say what it rests on: the event that
  decided it, the positions it replaced, the amendment that made it stale, the sources and
  quotes behind each, and whether any of it was corrected since. `tracker why PROPOSAL PARTY`
  answers for a party, `tracker why PROPOSAL` for the proposal's status; the dashboard opens
  the same explanation with `w` on a cell.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded on 2025-03-18 20:00 UTC:
      | id         | type      | proposal   | date       | party | reason    | confidence |
      | ru-reviews | reviewing | truce-2025 | 2025-03-13 | RU    |           |            |
      | ru-rejects | rejected  | truce-2025 | 2025-03-18 | RU    | aid first | confirmed  |

  Scenario: The deciding event first, then the position it replaced
    When I ask why "RU" stands where it does on "truce-2025" as of 2025-03-20
    Then the explanation says "RU is rejected on truce-2025 since 2025-03-18, on revision 1, because: aid first"
    And the events behind it are, newest first:
      | id         | role     | date       | confidence |
      | ru-rejects | deciding | 2025-03-18 | confirmed  |
      | ru-reviews | replaced | 2025-03-13 | reported   |

  Scenario: The status and the rule that decided it
    When I ask why "truce-2025" has its status as of 2025-03-20
    Then the explanation says "rejected: RU's current position is rejected, since 2025-03-18 (event ru-rejects)"

  Scenario: A correction shows as a retraction, with when it was recorded
    Given these events were recorded on 2025-03-25 09:00 UTC:
      | id  | type      | proposal   | date       | retracts   | reason   |
      | fix | retracted | truce-2025 | 2025-03-25 | ru-rejects | misquote |
    When I ask why "RU" stands where it does on "truce-2025" as of 2025-03-20
    Then the explanation says "RU is reviewing on truce-2025 since 2025-03-13"
    And the events behind it are, newest first:
      | id         | role      | date       | confidence |
      | ru-rejects | retracted | 2025-03-18 | confirmed  |
      | ru-reviews | deciding  | 2025-03-13 | reported   |
    And "ru-rejects" was retracted by "fix", recorded on 2025-03-25 09:00 UTC
    When I ask why "RU" stands where it does on "truce-2025" as of 2025-03-20 as known on 2025-03-24 12:00 UTC
    Then the explanation says "RU is rejected on truce-2025 since 2025-03-18"

  Scenario: An amendment by another party makes a position stale
    Given these events were recorded on 2025-04-02 09:00 UTC:
      | id        | type    | proposal   | date       | party | title        |
      | us-amends | amended | truce-2025 | 2025-03-20 | US    | 45-day truce |
    When I ask why "UA" stands where it does on "truce-2025" as of 2025-03-25
    Then the explanation says "stale: the text is at revision 2 since US's amendment of 2025-03-20 (event us-amends)"
    And the events behind it are, newest first:
      | id               | role       | date       | confidence |
      | us-amends        | made_stale | 2025-03-20 | reported   |
      | ua-accepts-truce | deciding   | 2025-03-12 | reported   |

  Scenario: An in-force proposal expires with no event needed
    Given these events were recorded on 2025-03-13 09:00 UTC:
      | id           | type     | proposal   | date       |
      | truce-starts | in_force | truce-2025 | 2025-03-12 |
    When I ask why "truce-2025" has its status as of 2025-05-01
    Then the explanation says "expired: in force from 12 Mar 2025 for 30 days, no event needed"
