"""Writes worlds.py's hand-written worlds as JSON (worlds.json beside it), for the decoder's
corpus in Java (`Launcher corpus`, demo-world's dev.animus.demo.train.GroundedCorpus): the same
facts and player questions the judge trains on, read where Python is not.

    python export_json.py    # rewrites worlds.json; run it after editing worlds.py
"""
import json
import os

from worlds import DEV, MORE_WORLDS, WORLDS


def main():
    every = dict(WORLDS)
    every.update(MORE_WORLDS)
    out = {"dev": DEV, "worlds": {name: {"facts": facts, "questions": [[q, a] for q, a in questions]}
                                  for name, (facts, questions) in every.items()}}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worlds.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(every)} worlds ({len(DEV)} held out) written to {path}")


if __name__ == "__main__":
    main()
