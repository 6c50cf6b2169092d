"""The command line `python -m macros COMMAND`: everything that is not the site build. One module per command,
each with add_arguments(parser) and run(args) -> exit code."""
