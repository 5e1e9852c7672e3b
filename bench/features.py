"""The Hugging Face feature types of a released record (the card's `dataset_info` and `load_hf`).

Its own module so that the card (bench/card.py) and the loader (bench/hf.py) share it without an import
circle through bench/dataset.py. `datasets` is imported inside the function so `import bench` stays light.

`published` and `events[].date` are dates (`date32`): pyarrow's JSON reader parses "2024-05-03" as a
timestamp before `datasets` casts the column, so a `string` feature came back as "2024-05-03 00:00:00".
As dates they load as `datetime.date` and `.isoformat()` gives the released string back.
"""

from __future__ import annotations

from bench.schema import TAG_NAMES


def features():
    from datasets import ClassLabel, Features, List, Value

    string, int32, date = Value("string"), Value("int32"), Value("date32")
    return Features({
        "id": string,
        "title": string,
        "text": string,
        "language": string,
        "published": date,
        "outlet": string,
        "provenance": string,
        "license": string,
        "event_group": string,
        "conflict": string,
        "style": string,
        "mentions": List({"id": string, "label": string, "start": int32, "end": int32, "text": string}),
        "claims": List({
            "id": string, "casualty": string, "claimant": string, "actors": List(string),
            "outcome": string, "victims": string,
            "toll": {"low": int32, "high": int32, "vague_term": string, "approximate": Value("bool")},
            "subset_of": string, "event": string, "modality": string, "restates": string,
        }),
        "events": List({"id": string, "date": date, "location": string, "description": string}),
        "tokens": List(string),
        "token_offsets": List(List(int32)),
        "ner_tags": List(ClassLabel(names=list(TAG_NAMES))),
    })
