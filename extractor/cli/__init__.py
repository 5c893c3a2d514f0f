"""Command line: `extractor extract`, `check`, `eval`, `fetch`, `discover`, and the dataset
commands `crawl`, `ingest`, `update`, `export`, `compare`, `demo`.

User errors are one line on stderr (`error: WHERE: WHAT`); the exit code is 1 when any input
could not be processed, 2 for a wrong command line.
"""
from __future__ import annotations

import argparse
import sys

from ..version import __version__
from ..errors import ExtractorError


def build_parser() -> argparse.ArgumentParser:
    from . import dataset, extracting, web

    parser = argparse.ArgumentParser(prog="extractor", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--patterns", metavar="DIR", help="read the rules from this copy of patterns/ instead of the installed ones")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extracting.add_commands(sub)
    web.add_commands(sub)
    dataset.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv in (["--version"], ["-V"]):  # answered before anything heavy is imported
        print(f"extractor {__version__}")
        return 0
    args = build_parser().parse_args(argv)
    try:
        if args.patterns:
            from ..rules import use_patterns

            use_patterns(args.patterns)
        return args.run(args)
    except ExtractorError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted (a crawl goes on from where it stopped when run again)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
