import sys

from sim.cli.launcher import main

sys.exit(main())
