import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assessments.slope import ScenarioError, format_text, parse_scenario, result_to_json
from assessments.slope import score_scenario as score

# Exit status of a scenario that cannot be read or scored, as argparse uses for bad usage.
INVALID = 2


class Command(BaseCommand):
    help = "Score a scenario file (SLOPE.md format) and print the result as JSON or a table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a scenario in the JSON format of SLOPE.md")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            result = score(parse_scenario(data))
        except OSError as error:
            self.fail(f"{path}: cannot read the file ({error.strerror or error})")
        except UnicodeDecodeError:
            self.fail(f"{path}: not UTF-8 text")
        except json.JSONDecodeError as error:
            self.fail(f"{path}: not valid JSON: {error.msg} at line {error.lineno}")
        except ScenarioError as error:
            self.fail(f"{path}: {error}")
        if options["format"] == "text":
            self.stdout.write(format_text(result), ending="")
        else:
            self.stdout.write(json.dumps(result_to_json(result), indent=2))

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(INVALID)
