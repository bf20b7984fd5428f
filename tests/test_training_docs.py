"""The example of docs/training.md runs as the page says: a conv SNN trained on digits fires identical spikes in
Brian2."""

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[1] / "docs" / "training.md"


def test_the_digits_example_trains_and_runs_spike_identical_in_brian2(capsys):
    section = PAGE.read_text().split("## Train on digits and run the result in Brian2", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S)[1]
    exec(compile(code, str(PAGE), "exec"), {"__name__": "docs_training_example"})
    printed = capsys.readouterr().out
    accuracy = float(re.search(r"torch accuracy ([0-9.]+)", printed)[1])
    assert accuracy > 0.6
    assert "spikes identical in Brian2: True" in printed
    assert re.search(r"\d+ accumulates vs 23680 MACs per inference", printed)
