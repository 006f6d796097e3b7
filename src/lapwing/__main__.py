"""`python -m lapwing ...`: the same command as `lapwing ...`."""

from lapwing.cli import main

if __name__ == "__main__":
    main()
