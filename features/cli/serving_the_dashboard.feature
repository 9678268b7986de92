Feature: The dashboard in a browser
  `tracker serve` serves the dashboard through textual-serve, on this machine only (127.0.0.1:8000)
  unless told otherwise; tests/integration/test_serve.py starts it and drives a session.

  Scenario: A port must be a port
    When I run "tracker serve --port 99999"
    Then the command fails with usage "'99999' is not a port: expected a number from 1 to 65535"
