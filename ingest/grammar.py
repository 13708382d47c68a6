"""French titles' grammar: objectives nearly always open on an infinitive (« Garantir… »,
« Favoriser… »), axes on a noun phrase. spaCy's morphology says which; only the first words
of a few candidate lines are tagged, with the parser and NER turned off."""

from __future__ import annotations

import re

_INFINITIVE_END = re.compile(r"(?:er|ir|re|oir)$")


def opens_on_infinitive(titles: list[str]) -> list[bool]:
    if not titles:
        return []
    from .places import nlp

    pipeline = nlp()
    # a capitalised first word reads as a proper noun to the tagger ("Réduire"): lower it
    heads = [t[:1].lower() + t[1:120] for t in titles]
    out = []
    with pipeline.select_pipes(enable=[p for p in ("tok2vec", "morphologizer") if p in pipeline.pipe_names]):
        for doc in pipeline.pipe(heads):
            first = doc[0] if len(doc) else None
            out.append(
                first is not None
                and first.pos_ in ("VERB", "AUX")
                and ("Inf" in first.morph.get("VerbForm") or bool(_INFINITIVE_END.search(first.text.lower())))
            )
    return out
