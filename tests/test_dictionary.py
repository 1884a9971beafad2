"""The word dictionary read by first character on demand (auditor.terms.Dictionary) answers exactly as jieba's
whole prefix dictionary: the same look-ups, the same cuts, the same word breaks, with or without jieba's HMM."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import terms, textnorm
from tests.conftest import SEEDS

SEED_TEXTS = [textnorm.normalize(path.read_text(encoding="utf-8")) for path in SEEDS]
CHARS = "".join(sorted(set("".join(SEED_TEXTS)) - {"\n"}))
LINES = [line for text in SEED_TEXTS for line in text.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def whole(ruleset):
    """jieba's whole dictionary with the rule terms, as built on a first run."""
    freq, total, longest = terms._build(ruleset.terms)
    return terms.Dictionary(dict(freq), total, longest)


@pytest.fixture(scope="module")
def shard_file(ruleset, whole, tmp_path_factory):
    """A private cache folder holding the dictionary's shard file; yields (folder, key)."""
    folder = tmp_path_factory.mktemp("cache")
    os.chmod(folder, 0o700)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUDITOR_CACHE_DIR", str(folder))
        patch.delenv("AUDITOR_NO_CACHE", raising=False)
        key = terms._dictionary_key(ruleset.terms)
        assert key
        terms._Shards.write(key, whole.freq, whole.total, whole.longest)
        yield folder, key


def on_demand(ruleset, shard_file) -> terms.Dictionary:
    """A fresh dictionary on the shard file: nothing loaded yet."""
    folder, key = shard_file
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUDITOR_CACHE_DIR", str(folder))
        opened = terms._Shards.open(ruleset.terms, key)
    assert opened is not None
    shards, total, longest = opened
    return terms.Dictionary({}, total, longest, shards)


texts = st.one_of(
    st.sampled_from(LINES),
    st.lists(st.one_of(st.sampled_from(LINES), st.text(alphabet=CHARS + "abcXYZ019._-%的了是", max_size=30)),
             max_size=5).map("".join),
)


@given(texts)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_lookup_in_a_text_is_the_whole_dictionarys(ruleset, whole, shard_file, text):
    words = on_demand(ruleset, shard_file)
    freq = words.ensure(text)
    assert (words.total, words.longest) == (whole.total, whole.longest)
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + whole.longest + 1) + 1):
            assert freq.get(text[start:end]) == whole.freq.get(text[start:end])
    for match in terms._BLOCK.finditer(text):
        block = match.group()
        assert terms.cut_offsets(block, words.ensure(block), words.total) == \
            terms.cut_offsets(block, whole.freq, whole.total)
    assert len(words.freq) < len(whole.freq)  # only a part of it was read


def test_word_breaks_on_the_seeds_are_the_whole_dictionarys(ruleset, whole, shard_file, monkeypatch):
    """Every offset of every seed: the same break with the dictionary read on demand as with the whole one."""
    for text in SEED_TEXTS:
        found = {}
        for name, words in (("whole", whole), ("shards", on_demand(ruleset, shard_file))):
            monkeypatch.setattr(terms, "dictionary", lambda _terms, words=words: words)
            index = terms.TermIndex(text, ruleset.terms)
            found[name] = [index.is_break(offset) for offset in range(len(text) + 1)]
        assert found["whole"] == found["shards"]
        assert not all(found["whole"])  # some offsets are inside words


def test_jiebas_own_cut_is_the_same_on_demand(ruleset, whole, shard_file, monkeypatch):
    """jieba's cut through the on-demand tokenizer (with and without its HMM) equals the whole dictionary's."""
    import jieba

    reference = jieba.Tokenizer()
    reference.FREQ, reference.total, reference.initialized = whole.freq, whole.total, True
    monkeypatch.setattr(terms, "dictionary", lambda _terms: on_demand(ruleset, shard_file))
    terms.tokenizer.cache_clear()
    try:
        tok = terms.tokenizer(ruleset.terms)
        for line in LINES[::3]:
            for hmm in (False, True):
                assert tok.lcut(line, HMM=hmm) == reference.lcut(line, HMM=hmm)
    finally:
        terms.tokenizer.cache_clear()


def test_a_damaged_shard_file_is_not_used(ruleset, whole, shard_file, tmp_path, monkeypatch):
    folder, key = shard_file
    path = folder / f"{terms.SHARDS}-{key}.bin"
    broken = tmp_path / "c"
    broken.mkdir(mode=0o700)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(broken))
    target = broken / path.name
    target.write_bytes(path.read_bytes()[:-10])  # cut short
    assert terms._Shards.open(ruleset.terms, key) is None
    target.write_bytes(path.read_bytes())
    os.chmod(target, 0o620)  # writable by the group: never read
    assert terms._Shards.open(ruleset.terms, key) is None


def test_a_shard_that_cannot_be_read_falls_back_to_the_whole_dictionary(ruleset, whole, shard_file, tmp_path,
                                                                        monkeypatch):
    folder, key = shard_file
    data = bytearray((folder / f"{terms.SHARDS}-{key}.bin").read_bytes())
    data[-200:] = b"\xff" * 200  # the last shards' bytes garbled, the size kept
    damaged = tmp_path / "d"
    damaged.mkdir(mode=0o700)
    (damaged / f"{terms.SHARDS}-{key}.bin").write_bytes(bytes(data))
    os.chmod(damaged / f"{terms.SHARDS}-{key}.bin", 0o600)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(damaged))
    opened = terms._Shards.open(ruleset.terms, key)
    assert opened is not None
    shards, total, longest = opened
    words = terms.Dictionary({}, total, longest, shards)
    last = max(shards.index, key=lambda char: shards.index[char][0])  # its shard is garbled
    text = SEED_TEXTS[0] + last
    freq = words.ensure(text)
    assert len(freq) == len(whole.freq)  # everything, built by jieba
    assert all(freq.get(text[i:i + 2]) == whole.freq.get(text[i:i + 2]) for i in range(len(text)))


def test_first_run_writes_shards_and_the_next_reads_them(ruleset, whole, tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "fresh"))
    terms.dictionary.cache_clear()
    try:
        first = terms.dictionary(ruleset.terms)
        assert len(first.freq) == len(whole.freq)  # built whole
        assert list((tmp_path / "fresh").glob(f"{terms.SHARDS}-*.bin"))
        terms.dictionary.cache_clear()
        second = terms.dictionary(ruleset.terms)
        assert not second.freq  # nothing read until a text asks
        assert second.ensure("述法") and len(second.freq) < len(whole.freq)
    finally:
        terms.dictionary.cache_clear()
