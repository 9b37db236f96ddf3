"""docs/api.md's curl walk-through, run as written against the demo data.

Every command of the walk-through section is parsed from the document: shell
variables are set in order, each curl becomes the same request through the
test client, the Python one-liners run on the answers, and each status
written after "# →" is checked. An edit to the document that breaks a call
breaks this test.
"""

import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
EXPECTED = re.compile(r"\s+#\s*→\s*(\d{3})\s*$")
ASSIGNMENT = re.compile(r"^([A-Z_]+)=(.*)$")


def walkthrough_commands() -> list[str]:
    section = DOC.read_text().split("## Walk-through with curl", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def expand(text: str, variables: dict[str, str]) -> str:
    return re.sub(r"\$\{?([A-Z_]+)\}?", lambda m: variables[m.group(1)], text)


def run_curl(client: Client, args: list[str], base: str):
    """One curl call through the test client; files (-F name=@file, -o file) are in the working directory."""
    assert args[0] == "curl", args
    method, headers, body, url, output, files = "GET", {}, None, None, None, {}
    options = iter(args[1:])
    for arg in options:
        if arg == "-X":
            method = next(options)
        elif arg == "-H":
            name, value = next(options).split(":", 1)
            headers[name.strip()] = value.strip()
        elif arg == "-d":
            body = next(options)
        elif arg == "-F":
            name, _, path = next(options).partition("=@")
            files[name] = Path(path)
        elif arg == "-o":
            output = Path(next(options))
        elif arg.startswith("-"):
            assert arg in ("-sS", "-s", "-S"), f"option the test does not understand: {arg}"
        else:
            url = arg
    assert url.startswith(base), url
    content_type = headers.pop("Content-Type", "application/octet-stream")
    if files:  # curl -F: a multipart POST
        method, content_type = "POST", MULTIPART_CONTENT
        uploads = {name: SimpleUploadedFile(path.name, path.read_bytes()) for name, path in files.items()}
        body = encode_multipart(BOUNDARY, uploads)
    response = client.generic(method, url.removeprefix(base), body or "", content_type, headers=headers)
    if output is not None:
        output.write_bytes(response.content)
    return response


def run_printf(args: list[str]) -> None:
    """printf 'text with \\n' > file: the only shell the walk-through uses besides curl."""
    assert len(args) == 4 and args[2] == ">", args
    Path(args[3]).write_text(args[1].replace("\\n", "\n"))


def test_the_curl_walkthrough_works_as_written_against_the_demo_data(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the files the walk-through writes and uploads
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    client, variables, checked = Client(), {}, []
    for line in walkthrough_commands():
        expected = EXPECTED.search(line)
        line = EXPECTED.sub("", line)
        assignment = ASSIGNMENT.match(line)
        if assignment and not assignment.group(2).startswith("$("):
            variables[assignment.group(1)] = expand(assignment.group(2), variables)
            continue
        command = assignment.group(2)[2:-1] if assignment else line
        curl, _, pipe = expand(command, variables).partition(" | ")
        args = shlex.split(curl)
        if args[0] == "printf":
            run_printf(args)
            continue
        if args[:2] == ["python", "manage.py"]:
            out = io.StringIO()
            call_command(*args[2:], stdout=out)
            output = out.getvalue().strip()
        else:
            response = run_curl(client, args, variables["BASE"])
            assert response.status_code < 500, (line, response.content)
            if expected:
                assert response.status_code == int(expected.group(1)), (line, response.content)
                checked.append(response.status_code)
            output = "" if "-o" in args else response.content.decode()  # -o: the body went to the file
            if pipe:
                python = shlex.split(pipe)
                assert python[:2] == ["python3", "-c"], pipe
                output = subprocess.run(  # noqa: S603 - the code is the document's own one-liner
                    [sys.executable, "-c", python[2]],
                    input=output,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.strip()
        if assignment:
            variables[assignment.group(1)] = output
    assert 400 in checked and 409 in checked and 412 in checked and 204 in checked and checked[-1] == 401
    assert Path("answers.xlsx").read_bytes().startswith(b"PK")  # the exported workbook was saved
