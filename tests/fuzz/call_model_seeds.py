#!/usr/bin/env python3
"""Derives the seed corpus of fuzz_call_model from whole recordings.

Run from anywhere: tests/fuzz/call_model_seeds.py [OUT_DIR]
(default OUT_DIR: tests/fuzz/corpus/fuzz_call_model/, rewritten; another directory lets you
check that the committed seeds are what the rule gives: diff -r)

Why: a recording of one story is 13-92 KB, mostly messages the call model never acts on
(VarSet, DeviceStateChange, ExtensionStatus, RTCP*, security events, client actions...).
Replaying all of it on every fuzz input made the target run ~250 inputs per CPU second.

Rule (the only one; nothing is edited by hand): a seed is the fuzz target's direction byte
(0: every message replayed as Asterisk's) followed by exactly those messages of one recording,
unchanged and in their order, that the shipped table (mappings/asterisk.xml) maps to a
call-model primitive: an Asterisk event whose name has an <on event=...> rule (not
from="client") and whose <when> conditions all hold (${variables} replaced by their values,
regex-escaped, as the loader does). The replay's own end (resync + CoreShowChannelsComplete)
is added by the fuzz target itself. The messages left out still reach code (the parser, the
lookup that finds no rule or a <when> that fails, responses): each recording also gives a
seed NAME-other with the first message of every kind left out (kind: the Event name, or
Response/Action with its value), in their order.

Sources, each giving the seed of the same name:
  tests/fuzz/recordings/fuzz_call_model/NAME   raw AMI byte streams as the target reads them
                                               (direction byte + CRLF messages); the first
                                               seeds of this target, kept whole
  tests/data/ami/NAME.ami                      the real Asterisk recordings (ami-transcript 1:
                                               only the <<< chunks, LF -> CRLF, then the
                                               format's escapes)
A recording with no mapped message gives no seed.
"""
import pathlib
import sys
import re
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[2]
TABLE = ROOT / "mappings" / "asterisk.xml"
RECORDINGS = ROOT / "tests" / "fuzz" / "recordings" / "fuzz_call_model"
TRANSCRIPTS = ROOT / "tests" / "data" / "ami"
OUT = ROOT / "tests" / "fuzz" / "corpus" / "fuzz_call_model"
NS = "{urn:csta-bridge:mapping-table:1}"


def load_rules():
    """{lower-case event name: [[(header, regex, negate), ...] per rule]} of Asterisk events."""
    root = ET.parse(TABLE).getroot()
    variables = {v.get("name"): v.get("value") for v in root.iter(NS + "variable")}

    def expand(pattern):
        return re.sub(r"\$\{(\w+)\}", lambda m: re.escape(variables.get(m.group(1), "")), pattern)

    rules = {}
    for on in root.find(NS + "events").iter(NS + "on"):
        if on.get("from") == "client":
            continue
        whens = [(w.get("header"), re.compile(expand(w.get("matches"))), w.get("negate") == "true")
                 for w in on.iter(NS + "when")]
        rules.setdefault(on.get("event").lower(), []).append(whens)
    return rules


def headers(message):
    out = {}
    for line in message.split(b"\r\n"):
        name, sep, value = line.partition(b":")
        if sep:
            out.setdefault(name.strip().decode("utf-8", "replace").lower(),
                           value.strip().decode("utf-8", "replace"))
    return out


def mapped(message, rules):
    h = headers(message)
    for whens in rules.get(h.get("event", "").lower(), []):
        if all(bool(rx.search(h.get(header.lower(), ""))) != negate for header, rx, negate in whens):
            return True
    return False


def kind(message):
    h = headers(message)
    for name in ("event", "response", "action"):
        if name in h:
            return name, h[name].lower()
    return None, message.split(b"\r\n", 1)[0]


def messages_of_stream(data):
    """Messages of a raw stream (after the direction byte), each with its blank line."""
    return [m + b"\r\n\r\n" for m in data.split(b"\r\n\r\n") if m.strip()]


def messages_of_transcript(text):
    """The Asterisk side (<<< chunks) of an ami-transcript 1 file, as wire bytes."""
    out = []
    chunks = re.split(r"^@\d+\.\d{3} (<<<|>>>)\n", text, flags=re.M)
    for direction, body in zip(chunks[1::2], chunks[2::2]):
        if direction != "<<<":
            continue
        wire = body.replace("\n", "\r\n").replace("\u240a", "\n").replace("\u240d", "\r")
        out.extend(messages_of_stream(wire.encode("utf-8")))
    return out


def main():
    rules = load_rules()
    sources = {p.name: messages_of_stream(p.read_bytes()[1:]) for p in sorted(RECORDINGS.iterdir())}
    for p in sorted(TRANSCRIPTS.glob("*.ami")):
        sources.setdefault(p.stem, messages_of_transcript(p.read_text(encoding="utf-8")))
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    for name, messages in sources.items():
        kept = [m for m in messages if mapped(m, rules)]
        other, kinds = [], set()
        for m in messages:
            if not mapped(m, rules) and kind(m) not in kinds:
                kinds.add(kind(m))
                other.append(m)
        for seed, part in ((name, kept), (name + "-other", other)):
            if part:
                (out / seed).write_bytes(b"\x00" + b"".join(part))
                print(f"{seed}: {len(part)} of {len(messages)} messages, {1 + sum(map(len, part))} bytes")


if __name__ == "__main__":
    main()
