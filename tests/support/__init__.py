"""What several test files share: small towns and drills written as files, sweep specs, checks
of the simulated world, the system's browser. Test files import from here, never from one
another."""
