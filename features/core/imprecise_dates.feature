Feature: Dates as the sources give them
  News reports rarely give a clean day: "last week", "earlier this month", "reportedly on the 19th".
  An event's date may be a day (2025-03-19), a month (2025-03) or a year (2025); an interval
  (2025-03-10/2025-03-16); a day marked uncertain (2025-03-19?), approximate (2025-03-19~) or
  both (2025-03-19%); or have unspecified last digits (2025-03-1X: some day from the 10th to the
  19th). This is the Library of Congress's Extended Date/Time Format (EDTF), levels 0 and 1.

  One rule folds them all: an event counts from the first day its date allows, but never before
  its proposal was proposed; events that count from the same day keep the order they were
  appended. Dates are stored and printed as written, in JSON too, with their first and last day,
  and read as what they say wherever they are shown.

  Background:
    Given a store with the test parties UA, RU, US and EU

  Scenario: A proposal dated to a month counts from the first day of that month
    Given these events were recorded:
      | type     | proposal   | date    | party | title          | kind     | parties |
      | proposed | grain-2025 | 2025-04 | US    | Grain corridor | maritime | UA, RU  |
    When I ask for the status as of 2025-03-31
    Then proposal "grain-2025" is not yet proposed
    When I ask for the status as of 2025-04-01
    Then proposal "grain-2025" has status "proposed"
    And party "US" is "proposer" on "grain-2025" since 2025-04

  Scenario: An event of the proposal's own month counts from the day of the proposal, not before
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type      | proposal   | date    | party |
      | reviewing | truce-2025 | 2025-03 | RU    |
    When I ask for the status as of 2025-03-10
    Then proposal "truce-2025" is not yet proposed
    When I ask for the status as of 2025-03-11
    Then party "RU" is "reviewing" on "truce-2025" since 2025-03
    And proposal "truce-2025" has status "negotiating"

  Scenario: A year counts from the first of January
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And today is 2026-06-01
    And these events were recorded:
      | type      | proposal   | date | party |
      | reviewing | truce-2025 | 2026 | EU    |
    When I ask for the status as of 2025-12-31
    Then party "EU" is "unknown" on "truce-2025"
    When I ask for the status as of 2026-01-01
    Then party "EU" is "reviewing" on "truce-2025" since 2026

  Scenario: "Last week", seen from 19 March, is an interval that counts from its first day
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type     | proposal   | date                  | party |
      | rejected | truce-2025 | 2025-03-13/2025-03-16 | RU    |
    When I ask for the status as of 2025-03-12
    Then party "RU" is "unknown" on "truce-2025"
    When I ask for the status as of 2025-03-13
    Then party "RU" is "rejected" on "truce-2025" since 2025-03-13/2025-03-16
    And proposal "truce-2025" has status "rejected"
    And the date "2025-03-13/2025-03-16" reads "13-16 Mar 2025"

  Scenario: An interval that begins before the proposal counts from the day it was proposed
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type      | proposal   | date                  | party |
      | reviewing | truce-2025 | 2025-03-05/2025-03-14 | RU    |
    When I ask for the status as of 2025-03-10
    Then proposal "truce-2025" is not yet proposed
    When I ask for the status as of 2025-03-11
    Then party "RU" is "reviewing" on "truce-2025" since 2025-03-05/2025-03-14

  Scenario: Uncertain and approximate days count on the day written and are marked
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type      | proposal   | date        | party |
      | reviewing | truce-2025 | 2025-03-14? | RU    |
      | reviewing | truce-2025 | 2025-03-15~ | EU    |
      | accepted  | truce-2025 | 2025-03-16% | RU    |
    When I ask for the status as of 2025-03-13
    Then party "RU" is "unknown" on "truce-2025"
    When I ask for the status as of 2025-03-15
    Then party "RU" is "reviewing" on "truce-2025" since 2025-03-14?
    And party "EU" is "reviewing" on "truce-2025" since 2025-03-15~
    When I ask for the status as of 2025-03-16
    Then party "RU" is "accepted" on "truce-2025" since 2025-03-16%
    And proposal "truce-2025" has status "agreed"
    When I read the timeline of "truce-2025"
    Then the timeline shows the dates "11 Mar 2025", "12 Mar 2025", "14 Mar 2025?", "~15 Mar 2025", "~16 Mar 2025?"

  Scenario: Unspecified digits count from the first day they allow
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type     | proposal   | date       | party |
      | rejected | truce-2025 | 2025-03-2X | RU    |
    When I ask for the status as of 2025-03-19
    Then party "RU" is "unknown" on "truce-2025"
    When I ask for the status as of 2025-03-20
    Then party "RU" is "rejected" on "truce-2025" since 2025-03-2X
    And the date "2025-03-2X" reads "20-29 Mar 2025"

  Scenario: Events that count from the same day keep the order they were appended
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type     | proposal   | date                  | party |
      | accepted | truce-2025 | 2025-03-14            | RU    |
      | rejected | truce-2025 | 2025-03-14/2025-03-20 | RU    |
    When I ask for the status as of 2025-03-14
    Then party "RU" is "rejected" on "truce-2025" since 2025-03-14/2025-03-20

  Scenario: An interval comes before a day inside it, whatever the order they were appended
    An interval counts from its first day, so it is folded before a later day it contains:
    overlapping alone does not reorder events (overlap is not transitive, and a month has
    always been folded from its first day in the same way).
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type     | proposal   | date                  | party |
      | accepted | truce-2025 | 2025-03-15            | RU    |
      | rejected | truce-2025 | 2025-03-13/2025-03-20 | RU    |
    When I ask for the status as of 2025-03-15
    Then party "RU" is "accepted" on "truce-2025" since 2025-03-15

  Scenario: An in_force dated by an interval is in force from the interval's first day
    The window is counted from the first day the source allows; duration_days runs from there.
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type     | proposal   | date                  | party | duration_days |
      | accepted | truce-2025 | 2025-03-13            | RU    |               |
      | in_force | truce-2025 | 2025-03-14/2025-03-16 |       | 30            |
    When I ask for the status as of 2025-03-14
    Then proposal "truce-2025" has status "in_force"
    And the in-force window of "truce-2025" runs from 2025-03-14 until 2025-04-13

  Scenario: An in_force whose start is an interval starts on its first day
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type     | proposal   | date       | starts                | duration_days |
      | in_force | truce-2025 | 2025-03-20 | 2025-03-17/2025-03-19 | 10            |
    When I ask for the status as of 2025-03-20
    Then the in-force window of "truce-2025" runs from 2025-03-17 until 2025-03-27

  Scenario: The timeline keeps every date as written, and its JSON gives the first and last day
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And these events were recorded:
      | type      | proposal   | date                  | party |
      | reviewing | truce-2025 | 2025-03-13/2025-03-16 | RU    |
      | reviewing | truce-2025 | 2025-03               | EU    |
    When I read the timeline of "truce-2025"
    Then the timeline lists:
      | date                  | type      | party |
      | 2025-03-11            | proposed  | US    |
      | 2025-03               | reviewing | EU    |
      | 2025-03-12            | accepted  | UA    |
      | 2025-03-13/2025-03-16 | reviewing | RU    |
    And the timeline shows the dates "11 Mar 2025", "Mar 2025", "12 Mar 2025", "13-16 Mar 2025"
    And the timeline's JSON gives the event dated "2025-03-13/2025-03-16" the days 2025-03-13 to 2025-03-16
    And the timeline's JSON gives the event dated "2025-03" the days 2025-03-01 to 2025-03-31

  Scenario Outline: How each form reads: <written>
    Then the date "<written>" reads "<shown>"

    Examples:
      | written                 | shown                    |
      | 2025-03-19              | 19 Mar 2025              |
      | 2025-03                 | Mar 2025                 |
      | 2025                    | 2025                     |
      | 2025-03-10/2025-03-16   | 10-16 Mar 2025           |
      | 2025-02-28/2025-03-03   | 28 Feb - 3 Mar 2025      |
      | 2024-12-28/2025-01-03   | 28 Dec 2024 - 3 Jan 2025 |
      | 2025-03/2025-04         | Mar-Apr 2025             |
      | 2025-03-19?             | 19 Mar 2025?             |
      | 2025-03-19~             | ~19 Mar 2025             |
      | 2025-03-19%             | ~19 Mar 2025?            |
      | 2025-03-1X              | 10-19 Mar 2025           |
      | 2025-03-10?/2025-03-16  | 10 Mar 2025? - 16 Mar 2025 |

  Scenario Outline: Refused: <refusal>
    Given the 30-day truce proposed by the US on 2025-03-11 and accepted by Ukraine on 2025-03-12
    And a file "attempt.yaml" containing the event <event>
    When I append "attempt.yaml"
    Then the file is refused
    And the refusal points at field "<field>"
    And the refusal says "<says>"
    And the suggestion is "<hint>"
    And the store did not change

    Examples:
      | refusal                          | event                                                                                 | field            | says                           | hint                  |
      | an interval ending before it starts | {type: rejected, proposal: truce-2025, date: 2025-03-16/2025-03-10, party: RU}     | events[0].date   | ends before it starts          | 2025-03-10/2025-03-16 |
      | an impossible uncertain day      | {type: rejected, proposal: truce-2025, date: 2025-02-30?, party: RU}                  | events[0].date   | February 2025 has 28 days      | 2025-02-28?           |
      | an interval ending in the future | {type: rejected, proposal: truce-2025, date: 2025-12-20/2026-02-01, party: RU}        | events[0].date   | an interval ending in the future | 2025-12-20/2026-01-05 |
      | an in_force starting in the future | {type: in_force, proposal: truce-2025, date: 2025-12-20, starts: 2099-12-25}       | events[0].starts | in the future                  | none                  |
      | a day without its leading zeros  | {type: rejected, proposal: truce-2025, date: 2025-3-14, party: RU}                    | events[0].date   | is not a date                  | 2025-03-14            |
      | X in a lower-case x              | {type: rejected, proposal: truce-2025, date: 2025-03-1x, party: RU}                   | events[0].date   | is not a date                  | 2025-03-1X            |
      | an interval written with two dots | {type: rejected, proposal: truce-2025, date: 2025-03-13..2025-03-16, party: RU}      | events[0].date   | is not a date                  | 2025-03-13/2025-03-16 |
      | an open interval                 | {type: rejected, proposal: truce-2025, date: 2025-03-13/.., party: RU}                | events[0].date   | open or unknown end            | none                  |
      | the year 0                       | {type: rejected, proposal: truce-2025, date: 0000-03-13, party: RU}                   | events[0].date   | there is no year 0             | none                  |
