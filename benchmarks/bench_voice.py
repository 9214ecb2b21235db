"""Scale of the voice-of-the-customer analysis: tokenising and counting customer text.

Tokenising: SudachiPy (split mode C, ``sudachidict_core``) on the demo's feedback texts,
every comment tokenised (no de-duplication, so that the rate is that of distinct real
comments), on one core; the projected time for 1,000,000 comments is that rate. Counting:
the emerging-term test, the term pairs, NMF topics and the co-occurrence network on a
corpus of ``--docs`` comments (the demo's token table repeated; counting cost does not
depend on how distinct the texts are).

    .venv/bin/python benchmarks/bench_voice.py --comments 20000 --docs 1000000
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numpy as np
import pandas as pd

from crm_lib.config import load_config
from crm_lib.dataset import load_dataset
from crm_lib.params import VoiceParams
from crm_lib.privacy import Masker
from crm_lib.voice import discovery
from crm_lib.voice.corpus import load_corpus
from crm_lib.voice.network import cooccurrence
from crm_lib.voice.tokenise import Tokeniser
from crm_lib.voice.topics import TopicModel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--comments", type=int, default=20_000, help="comments tokenised")
    parser.add_argument("--docs", type=int, default=1_000_000, help="comments counted")
    args = parser.parse_args()

    ds = load_dataset(load_config(None, ["data.source=demo", f"data.customers={args.customers}"]))
    texts = ds.table("feedback")["text"].tolist()
    texts = (texts * (args.comments // len(texts) + 1))[: args.comments]
    masker = Masker.for_dataset(None, ds)
    start = time.perf_counter()
    masked = [masker.text(t) for t in texts]
    mask_s = time.perf_counter() - start

    tokeniser = Tokeniser().fit()
    tokens = tokeniser.transform(masked)
    rate = tokeniser.rate_
    print(f"masking:     {len(texts):,} comments in {mask_s:.2f} s")
    print(
        f"tokenising:  {rate.texts:,} comments, {rate.tokens:,} tokens in {rate.seconds:.2f} s "
        f"= {rate.tokens_per_second:,.0f} tokens/s, {rate.texts_per_second:,.0f} comments/s"
    )
    print(f"projected:   1,000,000 comments in {1e6 / rate.texts_per_second / 60:.1f} min")
    del tokens

    corpus = load_corpus(ds, VoiceParams(), masker)
    copies = max(1, args.docs // len(corpus))
    big = _repeated(corpus, copies)
    print(f"counting on {len(big):,} comments, {len(big.tokens):,} tokens:")
    for name, step in (
        ("emerging terms", lambda: discovery.emerging_terms(big)),
        ("term pairs", lambda: discovery.emerging_pairs(big, top=100)),
        ("NMF topics", lambda: TopicModel(12).fit(big.terms, len(big))),
        ("network", lambda: cooccurrence(big.terms, len(big))),
    ):
        start = time.perf_counter()
        step()
        print(f"  {name:15s} {time.perf_counter() - start:6.1f} s")


def _repeated(corpus, copies: int):
    """The corpus ``copies`` times over (docs renumbered; same periods)."""
    n = len(corpus)
    comments = pd.concat([corpus.comments] * copies, ignore_index=True)
    comments["doc"] = np.arange(len(comments))
    offsets = np.repeat(np.arange(copies) * n, len(corpus.tokens))
    tokens = pd.concat([corpus.tokens] * copies, ignore_index=True)
    tokens["doc"] = tokens["doc"].to_numpy() + offsets
    return dataclasses.replace(corpus, comments=comments, tokens=tokens)


if __name__ == "__main__":
    main()
