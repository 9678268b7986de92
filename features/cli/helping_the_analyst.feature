Feature: A command line that helps
  Every option and argument explains itself in `--help`; the shell completes commands, options,
  event types and the store's proposal ids; the dashboard can be opened at a date directly.

  Scenario: Completion of commands, event types and proposal ids in bash
    Given a store loaded with the bundled dataset
    When I complete "tracker ti" in bash
    Then the completions are "timeline"
    When I complete "tracker template viol" in bash
    Then the completions are "violation_reported"
    When I complete "tracker timeline black" in bash
    Then the completions are "black-sea-2025"

  Scenario: Every option has help
    When I run "tracker replay --help"
    Then the output has the line "  --from DATE         start with the events dated DATE (included; default: the"
