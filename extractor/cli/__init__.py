"""Command line: `extractor extract`, `check`, `eval`, `fetch`, `discover`, and the dataset
commands `crawl`, `ingest`, `update`, `export`, `compare`, `demo`, and `serve` (the store in Datasette).

User errors are one line on stderr (`error: WHERE: WHAT`); the exit code is 1 when any input
could not be processed, 2 for a wrong command line.
"""
from __future__ import annotations

import argparse
import difflib
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


def unknown_options(parser: argparse.ArgumentParser, args: argparse.Namespace, extra: list[str]) -> None:
    """Exit 2 with the usage of the command that was given (not the top level's), and the option
    it most likely meant."""
    command = parser._subparsers._group_actions[0].choices[args.command] if getattr(args, "command", None) else parser
    known = [o for action in command._actions for o in action.option_strings]
    hints = []
    for word in extra:
        flag = word.split("=", 1)[0]
        close = difflib.get_close_matches(flag, known, n=1, cutoff=0.6) if flag.startswith("-") else []
        hints.append(f"{word} (did you mean {close[0]}?)" if close else word)
    command.error("unrecognized arguments: " + " ".join(hints))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv in (["--version"], ["-V"]):  # answered before anything heavy is imported
        print(f"extractor {__version__}")
        return 0
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        unknown_options(parser, args, extra)
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
