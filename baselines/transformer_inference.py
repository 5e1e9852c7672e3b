"""Batched inference for the transformer baseline: documents to (label, start, end) character spans.

The network is the only slow step, so everything around it is done once per group of documents, not once
per document or per sub-word:

* the documents of a group are tokenised in one call of the fast tokenizer (its overflowing windows of
  `max_length` sub-words overlapping by `stride`, with character offsets);
* windows of all documents are batched together, longest first, so a batch is padded to nearly its own
  length and a short last window is not padded to a full one;
* the logits of each batch stay on the device: the rows of real sub-words (not special tokens, not empty
  offsets) are copied into one tensor, averaged per distinct sub-word, and only the arg-max tag ids come
  back to the host;
* IOB2 tags are turned into chunks with array operations (`decode_chunks`, conlleval's reading of ill-formed
  tags, as `bench.tokenize.iob2_to_token_spans`).

The result is the same as the per-document loop it replaces: a sub-word is identified by its character
offsets within its document, its logits are summed over the windows that contain it in window order (the
same float additions in the same order), divided by the count and arg-maxed.

numpy and torch are imported lazily, so `import baselines` stays free of torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from bench.schema import LABELS

DOCUMENTS_PER_GROUP = 64  # documents tokenised and batched together (bounds memory, paces the progress bar)


@dataclass
class WindowSet:
    """The windows of a list of documents, tokenised once.

    Positions are the real sub-words of every window in window order, then left to right; keys are the
    distinct sub-words of each document (by character offsets), sorted by document, then offsets.
    """

    input_ids: list  # list[list[int]], one per window, special tokens included
    lengths: Any  # np.ndarray[int]: sub-words per window
    window_doc: Any  # np.ndarray[int]: document index of each window
    position_start: Any  # np.ndarray[int]: positions of window w are [position_start[w], position_start[w + 1])
    position_column: Any  # np.ndarray[int]: column of each position in its window
    position_key: Any  # np.ndarray[int]: key of each position
    key_start: Any  # np.ndarray[int]: first character of each key
    key_end: Any  # np.ndarray[int]: end character of each key
    doc_key_start: Any  # np.ndarray[int]: keys of document d are [doc_key_start[d], doc_key_start[d + 1])

    @property
    def n_documents(self) -> int:
        return len(self.doc_key_start) - 1

    @property
    def n_keys(self) -> int:
        return len(self.key_start)


def encode_windows(tokenizer, texts: Sequence[str], max_length: int, stride: int) -> WindowSet:
    import numpy as np

    enc = tokenizer(list(texts), truncation=True, max_length=max_length, stride=stride,
                    return_overflowing_tokens=True, return_offsets_mapping=True,
                    return_special_tokens_mask=True)
    input_ids = enc["input_ids"]
    lengths = np.fromiter((len(ids) for ids in input_ids), dtype=np.int64, count=len(input_ids))
    window_doc = np.asarray(enc["overflow_to_sample_mapping"], dtype=np.int64).reshape(-1)
    total = int(lengths.sum())
    offsets = np.array([ab for row in enc["offset_mapping"] for ab in row], dtype=np.int64).reshape(total, 2)
    special = np.fromiter((s for row in enc["special_tokens_mask"] for s in row), dtype=bool, count=total)
    flat_window = np.repeat(np.arange(len(input_ids)), lengths)
    flat_column = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    real = ~special & (offsets[:, 0] != offsets[:, 1])
    start, end = offsets[real, 0], offsets[real, 1]
    window, column = flat_window[real], flat_column[real]
    doc = window_doc[window]
    position_start = np.searchsorted(window, np.arange(len(input_ids) + 1))
    # Distinct sub-words per document: sort positions by (document, start, end); stable, so the positions of
    # one key stay in window order.
    order = np.lexsort((end, start, doc))
    s_doc, s_start, s_end = doc[order], start[order], end[order]
    new_key = np.ones(len(order), dtype=bool)
    new_key[1:] = (s_doc[1:] != s_doc[:-1]) | (s_start[1:] != s_start[:-1]) | (s_end[1:] != s_end[:-1])
    key_of_sorted = np.cumsum(new_key) - 1
    position_key = np.empty(len(order), dtype=np.int64)
    position_key[order] = key_of_sorted
    first = np.flatnonzero(new_key)
    doc_key_start = np.searchsorted(s_doc[first], np.arange(len(texts) + 1))
    return WindowSet(input_ids=input_ids, lengths=lengths, window_doc=window_doc, position_start=position_start,
                     position_column=column, position_key=position_key, key_start=s_start[first],
                     key_end=s_end[first], doc_key_start=doc_key_start)


def batch_plan(lengths, batch_size: int) -> list:
    """Window indices per batch: longest windows first (ties in document order), `batch_size` per batch."""
    import numpy as np

    order = np.argsort(-np.asarray(lengths), kind="stable")
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


def padded_batch(windows: WindowSet, batch, pad_id: int):
    """(input_ids, attention_mask) host tensors of one batch, padded to its longest window."""
    import numpy as np
    import torch

    width = int(windows.lengths[batch].max())
    ids = np.full((len(batch), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(batch), width), dtype=np.int64)
    for row, w in enumerate(batch):
        n = int(windows.lengths[w])
        ids[row, :n] = windows.input_ids[w]
        mask[row, :n] = 1
    return torch.from_numpy(ids), torch.from_numpy(mask)


def _gather_index(windows: WindowSet, batch):
    """(rows, columns, positions) that copy a batch's real sub-words into the position tensor."""
    import numpy as np

    starts, stops = windows.position_start[batch], windows.position_start[batch + 1]
    counts = stops - starts
    positions = np.concatenate([np.arange(a, b) for a, b in zip(starts, stops)]) if len(batch) else np.zeros(0, int)
    rows = np.repeat(np.arange(len(batch)), counts)
    return rows, windows.position_column[positions], positions


def position_logits(model, windows: WindowSet, batch_size: int, device, pad_id: int):
    """Logits of every real sub-word position (float32, on `device`), from batches in `batch_plan` order."""
    import torch

    n_labels = model.config.num_labels
    out = torch.empty((len(windows.position_key), n_labels), dtype=torch.float32, device=device)
    with torch.inference_mode():
        for batch in batch_plan(windows.lengths, batch_size):
            ids, mask = padded_batch(windows, batch, pad_id)
            rows, cols, positions = (torch.from_numpy(a).to(device, non_blocking=True)
                                     for a in _gather_index(windows, batch))
            logits = model(input_ids=ids.to(device, non_blocking=True),
                           attention_mask=mask.to(device, non_blocking=True)).logits
            out[positions] = logits[rows, cols].float()
    return out


def averaged_tags(logits, windows: WindowSet):
    """Arg-max tag id of each key (np.ndarray) from the mean of its positions' logits.

    The sum runs over a key's positions in window order as one vector addition per overlap depth (a
    sub-word sits in at most a few windows), so the additions, and the result, do not depend on the device
    or on the order the batches ran in."""
    import numpy as np
    import torch

    n_keys = windows.n_keys
    if n_keys == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(windows.position_key, kind="stable")
    keys = windows.position_key[order]
    counts = np.bincount(keys, minlength=n_keys)
    rank = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
    depth = int(counts.max())
    # index[k, r]: the r-th position of key k, or the extra zero row past the end
    index = np.full((n_keys, depth), len(order), dtype=np.int64)
    index[keys, rank] = order
    device = logits.device
    rows = torch.cat([logits, logits.new_zeros((1, logits.shape[1]))])
    index_t = torch.from_numpy(index).to(device)
    total = rows[index_t[:, 0]]
    for r in range(1, depth):
        total = total + rows[index_t[:, r]]
    mean = total / torch.from_numpy(counts).to(device=device, dtype=total.dtype)[:, None]
    return mean.argmax(dim=1).cpu().numpy()


def decode_chunks(tags, doc_key_start):
    """(label index, first key, last key + 1) arrays of the IOB2 chunks of every document: ids index
    `bench.schema.TAG_NAMES` (0 = O, then B-/I- per label); an I- after O, after another label or at a
    document's start opens a chunk, as in `bench.tokenize.iob2_to_token_spans`."""
    import numpy as np

    tags = np.asarray(tags, dtype=np.int64)
    n = len(tags)
    kind = np.where(tags > 0, (tags - 1) // 2, -1)
    is_b = (tags > 0) & ((tags - 1) % 2 == 0)
    doc_first = np.zeros(n, dtype=bool)
    firsts = np.asarray(doc_key_start[:-1])
    doc_first[firsts[firsts < n]] = True
    prev_kind = np.empty(n, dtype=np.int64)
    if n:
        prev_kind[0] = -1
        prev_kind[1:] = kind[:-1]
    prev_kind[doc_first] = -1
    starts = (tags > 0) & (is_b | (kind != prev_kind))
    breaks = np.append(np.flatnonzero((tags == 0) | starts | doc_first), n)
    first = np.flatnonzero(starts)
    last = breaks[np.searchsorted(breaks, first, side="right")]
    return kind[first], first, last


def document_spans(windows: WindowSet, tags) -> list[list[tuple[str, int, int]]]:
    """(label, start, end) character spans of each document from the tag id of each key."""
    labels, first, last = decode_chunks(tags, windows.doc_key_start)
    starts, ends = windows.key_start[first].tolist(), windows.key_end[last - 1].tolist()
    names = [LABELS[k] for k in labels.tolist()]
    # the document of a chunk: the last document whose keys start at or before its first key (empty
    # documents share their start with the next one)
    docs = windows.doc_key_start.searchsorted(first, side="right") - 1
    out: list[list[tuple[str, int, int]]] = [[] for _ in range(windows.n_documents)]
    for d, name, a, b in zip(docs.tolist(), names, starts, ends):
        out[d].append((name, a, b))
    return out


def predict_spans(model, tokenizer, texts: Sequence[str], *, max_length: int, stride: int, batch_size: int,
                  device) -> list[list[tuple[str, int, int]]]:
    """Character spans of each text; the model is expected in eval mode on `device`."""
    windows = encode_windows(tokenizer, texts, max_length, stride)
    pad_id = tokenizer.pad_token_id or 0
    logits = position_logits(model, windows, batch_size, device, pad_id)
    return document_spans(windows, averaged_tags(logits, windows))


def groups(items: Sequence[Any], size: int = DOCUMENTS_PER_GROUP) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
