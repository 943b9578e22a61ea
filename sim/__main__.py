import sys

from sim.launcher import main

sys.exit(main())
