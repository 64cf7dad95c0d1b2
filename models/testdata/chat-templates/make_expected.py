"""Renders the chat templates in templates.json with Hugging Face transformers' own renderer
(transformers.utils.chat_template_utils.render_jinja_template: a sandboxed Jinja2 environment with
trim_blocks, lstrip_blocks, loop controls, raise_exception, strftime_now and its tojson), and
writes what each conversation becomes to expected.json. ChatTemplateTest asserts that Animus's
Jinjava rendering is the same, character for character.

The templates are written in the form of the families' published templates (ChatML as Qwen2.5
and SmolLM2 use it, Llama 3's headers, Mistral's [INST] with its role checks, Gemma's turns,
a namespace-style one), to exercise the constructs those use; they are not copies.

Run once, offline: pip install transformers jinja2; python make_expected.py
"""

import json
import os

from transformers.utils.chat_template_utils import render_jinja_template

HERE = os.path.dirname(os.path.abspath(__file__))

CONVERSATIONS = {
    "npc": [
        {"role": "system", "content": "You are Brann the blacksmith, gruff and proud.\nFacts:\n- An iron sword costs 40 silver.\n- The forge opens at dawn."},
        {"role": "user", "content": "How much for a sword?  "},
    ],
    "follow-up": [
        {"role": "system", "content": "You are Mira, the innkeeper. Answer in one sentence."},
        {"role": "user", "content": "Got a room?"},
        {"role": "assistant", "content": "Aye, five copper a night."},
        {"role": "user", "content": "And breakfast? \"Eggs\" maybe, or café au lait…"},
    ],
    "out-of-turn": [
        {"role": "user", "content": "Hey."},
        {"role": "user", "content": "Hey! Are you deaf?"},
    ],
    "no-system": [
        {"role": "user", "content": "Hello {{ not a template }} {% neither %}"},
    ],
}


def main():
    with open(os.path.join(HERE, "templates.json")) as f:
        templates = json.load(f)
    expected = {}
    for name, t in templates.items():
        for conversation, messages in CONVERSATIONS.items():
            for generation in (True, False):
                key = f"{name}/{conversation}/{'prompt' if generation else 'transcript'}"
                try:
                    text = render_jinja_template(
                        conversations=[messages], chat_template=t["template"], add_generation_prompt=generation,
                        bos_token=t["bos_token"], eos_token=t["eos_token"])[0][0]
                    expected[key] = {"text": text}
                except Exception as e:  # the template refuses this conversation: Animus must too
                    expected[key] = {"error": str(e)}
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"conversations": CONVERSATIONS, "rendered": expected}, f, indent=1, ensure_ascii=False)
    print(len(expected), "renderings")


if __name__ == "__main__":
    main()
