#!/usr/bin/env python3
"""An exec program that never answers the handshake. Used by the tests only."""
import sys
import time

sys.stdin.readline()
time.sleep(3600)
