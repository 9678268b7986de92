Feature: Where each party stands on a proposal as of a date
  An analyst asks: "where does each party stand on the 30-day truce as of D?"
  The answer folds the events dated on or before D in date order; events of the same day
  count in the order they were appended.

  Background:
    Given a store with the test parties UA, RU, US and EU
    And the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12

  Scenario: Before anyone answers, the proposal is only proposed
    When I ask for the status as of 2025-03-11
    Then proposal "truce-2025" has status "proposed"
    And party "US" is "proposer" on "truce-2025" since 2025-03-11
    And party "UA" is "unknown" on "truce-2025"
    And party "RU" is "unknown" on "truce-2025"

  Scenario: A proposal does not exist before the day it was proposed
    When I ask for the status as of 2025-03-10
    Then proposal "truce-2025" is not yet proposed

  Scenario: One of the two acceptances it needs: negotiating
    When I ask for the status as of 2025-03-12
    Then proposal "truce-2025" has status "negotiating"
    And party "UA" is "accepted" on "truce-2025" since 2025-03-12

  Scenario: Every required party accepts, one of them with conditions: agreed
    Given these events were recorded:
      | type     | proposal   | date       | party | conditions                                  |
      | accepted | truce-2025 | 2025-03-14 | RU    | Western arms deliveries stop; No mobilisation |
    When I ask for the status as of 2025-03-14
    Then proposal "truce-2025" has status "agreed"
    And party "RU" is "conditional" on "truce-2025" since 2025-03-14
    And the conditions of "RU" on "truce-2025" are "Western arms deliveries stop; No mobilisation"

  Scenario: A required party rejects it: rejected
    Given these events were recorded:
      | type     | proposal   | date       | party  | reason                    |
      | rejected | truce-2025 | 2025-03-18 | Moscow | Military aid must stop first |
    When I ask for the status as of 2025-03-18
    Then proposal "truce-2025" has status "rejected"
    And party "RU" is "rejected" on "truce-2025" since 2025-03-18

  Scenario: A party whose acceptance is not needed takes a position without deciding anything
    Given these events were recorded:
      | type      | proposal   | date       | party |
      | reviewing | truce-2025 | 2025-03-13 | EU    |
      | rejected  | truce-2025 | 2025-03-14 | EU    |
    When I ask for the status as of 2025-03-14
    Then proposal "truce-2025" has status "negotiating"
    And party "EU" is "rejected" on "truce-2025"

  Scenario: Accepting some terms and rejecting others is a partial position, kept term by term
    Given these events were recorded:
      | type     | proposal   | date       | party | terms |
      | accepted | truce-2025 | 2025-03-14 | RU    | swap  |
      | rejected | truce-2025 | 2025-03-15 | RU    | halt  |
    When I ask for the status as of 2025-03-15
    Then proposal "truce-2025" has status "negotiating"
    And party "RU" is "partial" on "truce-2025" since 2025-03-15
    And party "RU" has "accepted" term "swap" of "truce-2025"
    And party "RU" has "rejected" term "halt" of "truce-2025"

  Scenario: Two words of one party on the same day count in the order they were appended
    Given these events were recorded on 2025-03-18 20:00 UTC:
      | type     | proposal   | date       | party |
      | accepted | truce-2025 | 2025-03-18 | RU    |
    And these events were recorded on 2025-03-18 21:00 UTC:
      | type     | proposal   | date       | party |
      | rejected | truce-2025 | 2025-03-18 | RU    |
    When I ask for the status as of 2025-03-18
    Then party "RU" is "rejected" on "truce-2025"
    And proposal "truce-2025" has status "rejected"

  Scenario: News that arrives late still takes its place by its date
    Given these events were recorded on 2025-03-18 20:00 UTC:
      | type     | proposal   | date       | party |
      | rejected | truce-2025 | 2025-03-18 | RU    |
    And these events were recorded on 2025-03-20 09:00 UTC:
      | type      | proposal   | date       | party |
      | reviewing | truce-2025 | 2025-03-13 | RU    |
    When I ask for the status as of 2025-03-15
    Then party "RU" is "reviewing" on "truce-2025" since 2025-03-13
    When I ask for the status as of 2025-03-18
    Then party "RU" is "rejected" on "truce-2025" since 2025-03-18

  Scenario: A claimed acceptance still counts as an acceptance
    Given these events were recorded:
      | type     | proposal   | date       | party   | confidence |
      | accepted | truce-2025 | 2025-03-14 | Kremlin | claimed    |
    When I ask for the status as of 2025-03-14
    Then proposal "truce-2025" has status "agreed"
