"""Builds small, real Argos Translate packages for the tests and the benchmark.

Contract: `build_package(dest, ...)` writes `dest/translate-<from>_<to>-<version>.argosmodel`,
a zip holding one folder with `metadata.json`, a SentencePiece `sentencepiece.model`
trained on the given text, and a CTranslate2 Transformer in `model/`, written from
numpy arrays through `ctranslate2.specs.TransformerSpec`. Nothing is mocked: the
result installs with argostranslate's own code (and the pipeline's) and loads in `ctranslate2.Translator`.

Two kinds of weights:
- `kind="copy"` (tests): weights chosen by hand so that the model copies its input
  token by token, except that each word in `swaps` is replaced by its partner. The
  output is therefore predictable ("The people" -> "The pueblo") and every mask
  survives unless a swap deliberately produces one.
  How: token vectors live in one half of the model dimension, position vectors in
  the other half. Encoder layers are the identity (zero output weights); the decoder
  ignores its own input tokens (zero embeddings), its cross-attention uses position
  vectors only, so output step t attends source position t, and copies that
  position's token vector; the output projection scores target tokens by their
  (swapped) token vectors. Source `</s>` is appended by the model, so decoding stops.
  With a `target_prefix`, the decoder's positions are shifted by one, so the forced
  prefix token does not eat the first word.
- `kind="random"` (benchmark): a real model's shapes with random weights.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

DEFAULT_CORPUS = """\
The people are not docile and they are resolute in their struggle.
The people of the world rise against imperialism and fascism.
Workers strikes have been held in many different industries.
The International League of Peoples' Struggle and the International Women's Alliance stand united.
Write to info@example.org or visit https://example.org/statement for more.
In 2026, over 100 organizations joined the month of action, from February 3 to 6.
Say it again, say it twice, the time has come to act together.
Solidarity with the people of Venezuela and the Caribbean.
"""


def _train_sentencepiece(lines: list[str], vocab_size: int, symbols: list[str]) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="bpe",
        character_coverage=1.0,
        normalization_rule_name="identity",
        hard_vocab_limit=False,
        user_defined_symbols=symbols,
        minloglevel=2,
        num_threads=2,
    )
    return model.getvalue()


def _vocabulary(model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=model)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _unit_rows(rng: np.random.Generator, count: int, dim: int) -> np.ndarray:
    rows = rng.standard_normal((count, dim))
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _piece(word: str) -> str:
    return word if word.startswith("{") else "\u2581" + word


def _fill(spec, d_model: int, ffn: int, vocab_size: int, weight) -> None:
    """Set every weight of `spec`; `weight(role, shape)` returns each matrix."""
    zeros = lambda *shape: np.zeros(shape, dtype=np.float32)  # noqa: E731

    def norm(layer) -> None:
        layer.gamma = np.ones(d_model, dtype=np.float32)
        layer.beta = zeros(d_model)

    def linear(layer, role: str, rows: int, cols: int) -> None:
        layer.weight = weight(role, (rows, cols)).astype(np.float32)
        layer.bias = zeros(rows)

    for side, layers in (("encoder", spec.encoder.layer), ("decoder", spec.decoder.layer)):
        for number, layer in enumerate(layers):
            norm(layer.self_attention.layer_norm)
            linear(layer.self_attention.linear[0], f"{side}.self.qkv", 3 * d_model, d_model)
            linear(layer.self_attention.linear[1], f"{side}.self.out", d_model, d_model)
            norm(layer.ffn.layer_norm)
            linear(layer.ffn.linear_0, f"{side}.ffn.in", ffn, d_model)
            linear(layer.ffn.linear_1, f"{side}.ffn.out", d_model, ffn)
            if side == "decoder":
                cross = layer.attention
                name = "cross.last" if number == len(layers) - 1 else f"cross.{number}"
                norm(cross.layer_norm)
                linear(cross.linear[0], f"{name}.q", d_model, d_model)
                linear(cross.linear[1], f"{name}.kv", 2 * d_model, d_model)
                linear(cross.linear[2], f"{name}.out", d_model, d_model)
    norm(spec.encoder.layer_norm)
    norm(spec.decoder.layer_norm)
    spec.encoder.embeddings[0].weight = weight("encoder.embeddings", (vocab_size, d_model)).astype(np.float32)
    spec.decoder.embeddings.weight = weight("decoder.embeddings", (vocab_size, d_model)).astype(np.float32)
    linear(spec.decoder.projection, "projection", vocab_size, d_model)


def _random_weights(spec, vocab_size: int, d_model: int, ffn: int) -> None:
    rng = np.random.default_rng(7)
    _fill(spec, d_model, ffn, vocab_size, lambda role, shape: rng.standard_normal(shape) / np.sqrt(shape[1]))


def _copy_weights(
    spec, vocab: list[str], swaps: Mapping[str, str], d_model: int, heads: int, max_len: int, shift: int
) -> None:
    """Hand-set weights of a copying Transformer (see the module docstring)."""
    rng = np.random.default_rng(1234)
    half, quarter = d_model // 2, d_model // 4
    # Token vectors [u, -u] and position vectors [p, -p] have zero mean and norm
    # sqrt(2), so every layer norm only rescales them by one constant.
    u = _unit_rows(rng, len(vocab), quarter)
    tokens = np.concatenate([u, -u, np.zeros((len(vocab), half))], axis=1)
    freqs = rng.uniform(0.4, 3.0, quarter // 2)
    angles = np.arange(max_len)[:, None] * freqs[None, :]
    p = np.concatenate([np.sin(angles), np.cos(angles)], axis=1) / np.sqrt(quarter // 2)
    positions = np.concatenate([np.zeros((max_len, half)), p, -p], axis=1)

    # Head 0 (dimensions 0..half) does all the work: query and key are the position
    # parts, value is the token part. With x = layer-normed input, q.k/sqrt(head_dim)
    # must come out as sharp * (p_t . p_s), the same-position score being the largest.
    sharp = 40.0
    head_dim = d_model // heads
    assert head_dim >= half, "head 0 must span the position part"
    query_scale = sharp * np.sqrt(head_dim) / (np.sqrt(d_model / 2) * np.sqrt(d_model) / 2 * 2)
    query = np.zeros((d_model, d_model))
    query[:half, half:] = np.eye(half) * query_scale
    key_value = np.zeros((2 * d_model, d_model))
    key_value[:half, half:] = np.eye(half)
    key_value[d_model : d_model + half, :half] = np.eye(half)
    out = np.zeros((d_model, d_model))
    out[:half, :half] = np.eye(half)

    # Target j scores highest where the copied vector is its own; a swap's new word also
    # answers to the old word's vector, and the old word answers to nothing.
    index = {piece: i for i, piece in enumerate(vocab)}
    projection = tokens.copy()
    for old, new in swaps.items():
        old_id, new_id = index[_piece(old)], index[_piece(new)]
        projection[new_id] = (tokens[new_id] + tokens[old_id]) / np.linalg.norm(tokens[new_id] + tokens[old_id]) * np.sqrt(2)
        projection[old_id] = -tokens[old_id]
    expected = np.arange(len(vocab))
    for old, new in swaps.items():
        expected[index[_piece(old)]] = index[_piece(new)]
    scores = tokens @ projection.T  # scores[source, target] without attention noise
    assert (scores.argmax(axis=1) == expected).all(), "token vectors too close: raise d_model"
    projection *= 12.0

    chosen = {
        "encoder.embeddings": tokens,
        "cross.last.q": query,
        "cross.last.kv": key_value,
        "cross.last.out": out,
        "projection": projection,
    }
    _fill(spec, d_model, 4, len(vocab), lambda role, shape: chosen.get(role, np.zeros(shape)))
    spec.encoder.scale_embeddings = False
    spec.decoder.scale_embeddings = False
    spec.encoder.position_encodings.encodings = positions.astype(np.float32)
    # With a target prefix, output step t must copy source position t - 1.
    decoder_positions = np.concatenate([np.zeros((shift, d_model)), positions[: max_len - shift]])
    spec.decoder.position_encodings.encodings = decoder_positions.astype(np.float32)


def build_package(
    dest: Path,
    from_code: str = "en",
    to_code: str = "es",
    *,
    corpus: Iterable[str] = (),
    swaps: Mapping[str, str] | None = None,
    kind: str = "copy",
    version: str = "1.0",
    target_prefix: str = "",
    vocab_size: int = 600,
    vocab_pad_to: int = 0,
    layers: int = 2,
    d_model: int = 256,
    heads: int = 2,
    ffn: int = 256,
    quantization: str | None = None,
) -> Path:
    """Write a .argosmodel for `from_code` -> `to_code` into `dest`; return its path."""
    from ctranslate2.specs import TransformerSpec

    swaps = dict(swaps or {})
    lines = [line for line in (*DEFAULT_CORPUS.splitlines(), *corpus) if line.strip()]
    # The swapped words must be single pieces, so the model can swap them.
    symbols = sorted({w for pair in swaps.items() for w in pair if w.startswith("{")})
    if target_prefix:
        symbols.append(target_prefix)
    lines += [" ".join(w for pair in swaps.items() for w in pair if not w.startswith("{"))] * 50
    sp_model = _train_sentencepiece(lines, vocab_size, symbols)
    vocab = _vocabulary(sp_model)
    vocab += [f"<unused{i}>" for i in range(vocab_pad_to - len(vocab))]  # a real model's vocabulary size

    spec = TransformerSpec.from_config((layers, layers), heads)
    if kind == "copy":
        _copy_weights(spec, vocab, swaps, d_model, heads, max_len=512, shift=1 if target_prefix else 0)
        spec.config.add_source_eos = True
    else:
        _random_weights(spec, len(vocab), d_model, ffn)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)

    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    work = Path(tempfile.mkdtemp(prefix="argos-build-"))
    try:
        folder = work / name
        folder.mkdir()
        spec.validate()
        if quantization:
            spec.optimize(quantization=quantization)
        (folder / "model").mkdir()
        spec.save(str(folder / "model"))
        (folder / "sentencepiece.model").write_bytes(sp_model)
        metadata = {
            "package_version": version,
            "argos_version": "1.9",
            "from_code": from_code,
            "from_name": from_code,
            "to_code": to_code,
            "to_name": to_code,
            "type": "translate",
            "target_prefix": target_prefix,
        }
        (folder / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        dest.mkdir(parents=True, exist_ok=True)
        archive = dest / f"{name}.argosmodel"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in sorted(folder.rglob("*")):
                zipped.write(path, path.relative_to(work).as_posix())
        return archive
    finally:
        shutil.rmtree(work, ignore_errors=True)


def argos_env(folder: Path) -> dict[str, str]:
    """Environment variables under which argostranslate reads and writes only below `folder`."""
    return {
        "ARGOS_PACKAGES_DIR": str(folder / "packages"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",  # nothing listens there: offline, at once
    }
