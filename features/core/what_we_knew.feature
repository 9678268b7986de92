Feature: What did we know at a given instant
  An analyst asks: "what did we know at T?" A view as known on T folds only the events
  recorded by T, minus those retracted by a retraction recorded by T. Last Monday's briefing
  can be regenerated exactly, even after later corrections.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario: News recorded later is absent from the view as known before it arrived
    Given these events were recorded on 2025-03-20 09:00 UTC:
      | type      | proposal   | date       | party |
      | reviewing | truce-2025 | 2025-03-13 | RU    |
    When I ask for the status as of 2025-03-15 as known on 2025-03-19 12:00 UTC
    Then party "RU" is "unknown" on "truce-2025"
    When I ask for the status as of 2025-03-15 as known on 2025-03-20 09:00 UTC
    Then party "RU" is "reviewing" on "truce-2025" since 2025-03-13

  Scenario: Before the proposal was recorded, we knew of no proposal at all
    When I ask for the status as of 2025-03-31 as known on 2025-03-12 17:59 UTC
    Then proposal "truce-2025" is not yet proposed

  Scenario: A retraction changes nothing before it was recorded and undoes the event after
    Given these events were recorded on 2025-03-18 20:00 UTC:
      | id         | type     | proposal   | date       | party |
      | ru-rejects | rejected | truce-2025 | 2025-03-18 | RU    |
    And these events were recorded on 2025-03-25 09:00 UTC:
      | id             | type      | proposal   | date       | retracts   | reason                                  |
      | fix-ru-rejects | retracted | truce-2025 | 2025-03-25 | ru-rejects | The quote was an adviser's, not Moscow's |
    When I ask for the status as of 2025-03-20 as known on 2025-03-24 18:00 UTC
    Then proposal "truce-2025" has status "rejected"
    And party "RU" is "rejected" on "truce-2025"
    When I ask for the status as of 2025-03-20 as known on 2025-03-25 09:00 UTC
    Then proposal "truce-2025" has status "negotiating"
    And party "RU" is "unknown" on "truce-2025"

  Scenario: A retraction corrects the record whatever its own date
    Given these events were recorded on 2025-03-18 20:00 UTC:
      | id         | type     | proposal   | date       | party |
      | ru-rejects | rejected | truce-2025 | 2025-03-18 | RU    |
    And these events were recorded on 2025-03-25 09:00 UTC:
      | type      | proposal   | date       | retracts   | reason   |
      | retracted | truce-2025 | 2025-03-25 | ru-rejects | misquote |
    When I ask for the status as of 2025-03-18
    Then party "RU" is "unknown" on "truce-2025"

  Scenario: The timeline marks a retracted event once the retraction is known
    Given these events were recorded on 2025-03-18 20:00 UTC:
      | id         | type     | proposal   | date       | party |
      | ru-rejects | rejected | truce-2025 | 2025-03-18 | RU    |
    And these events were recorded on 2025-03-25 09:00 UTC:
      | id             | type      | proposal   | date       | retracts   | reason   |
      | fix-ru-rejects | retracted | truce-2025 | 2025-03-25 | ru-rejects | misquote |
    When I read the timeline of "truce-2025" as known on 2025-03-24 18:00 UTC
    Then the timeline lists:
      | id                | date       | type     | party | retracted |
      | us-proposes-truce | 2025-03-11 | proposed | US    | no        |
      | ua-accepts-truce  | 2025-03-12 | accepted | UA    | no        |
      | ru-rejects        | 2025-03-18 | rejected | RU    | no        |
    When I read the timeline of "truce-2025"
    Then the timeline lists:
      | id                | date       | type      | party | retracted |
      | us-proposes-truce | 2025-03-11 | proposed  | US    | no        |
      | ua-accepts-truce  | 2025-03-12 | accepted  | UA    | no        |
      | ru-rejects        | 2025-03-18 | rejected  | RU    | yes       |
      | fix-ru-rejects    | 2025-03-25 | retracted |       | no        |

  Scenario: An amendment recorded late changes the revision only from when it was recorded
    Given these events were recorded on 2025-04-02 09:00 UTC:
      | type    | proposal   | date       | party | title        |
      | amended | truce-2025 | 2025-03-20 | US    | 45-day truce |
    When I ask for the status as of 2025-03-25 as known on 2025-04-01 09:00 UTC
    Then proposal "truce-2025" is at revision 1
    And party "UA" is "accepted" on "truce-2025"
    When I ask for the status as of 2025-03-25 as known on 2025-04-02 09:00 UTC
    Then proposal "truce-2025" is at revision 2
    And the position of "UA" on "truce-2025" is stale
