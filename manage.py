#!/usr/bin/env python
from regionpulse.cli import main

if __name__ == "__main__":
    main()
