try:
    from tracker.cli import main
except KeyboardInterrupt:  # Ctrl-C while the command line itself loads: quiet, like any other moment
    raise SystemExit(130) from None

raise SystemExit(main())
