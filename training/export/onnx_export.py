"""Export the codec's encoder (wav → codes) and decoder (codes → wav) to ONNX opset 17.

The decoder graph is: 4 codebook lookups → ConvNeXt at 50 Hz → head → ConvTranspose inverse STFT,
so every op has a WASM and WebGPU kernel in onnxruntime-web."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from training.codec.model import Codec

OPSET = 17


@torch.jit.script
def closed_loop(z: torch.Tensor, tables: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """quantizer.PredictiveRVQ.residuals as a scripted loop, so the exported encoder is an ONNX Loop
    over any number of frames: z (B, D, T) latents, tables (K, N, D), weights (taps−1,) =
    leak^(taps−1) … leak^1 → codes (B, K, T)."""
    b = z.shape[0]
    n_q = tables.shape[0]
    hist = torch.zeros(b, z.shape[1], weights.shape[0], dtype=z.dtype)  # the last taps−1 innovations, oldest first
    norms = (tables * tables).sum(2)
    codes = torch.zeros(b, n_q, 0, dtype=torch.long)
    for t in range(z.shape[2]):
        r = z[:, :, t] - torch.matmul(hist, weights)
        q = torch.zeros_like(r)
        picked = torch.zeros(b, 0, dtype=torch.long)
        for k in range(n_q):
            j = torch.argmin(norms[k].unsqueeze(0) - 2.0 * torch.matmul(r, tables[k].t()), 1)
            e = torch.index_select(tables[k], 0, j)
            q = q + e
            r = r - e
            picked = torch.cat([picked, j.unsqueeze(1)], 1)
        hist = torch.cat([hist[:, :, 1:], q.unsqueeze(2)], 2)
        codes = torch.cat([codes, picked.unsqueeze(2)], 2)
    return codes


@torch.jit.script
def closed_loop_layered(z: torch.Tensor, tables: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """quantizer.PredictiveRVQ._layered as a scripted loop: codebook k predicts from the running
    sum of codebooks 0..k alone (one history per level). Same arguments as closed_loop."""
    b = z.shape[0]
    n_q = tables.shape[0]
    hist = torch.zeros(n_q, b, z.shape[1], weights.shape[0], dtype=z.dtype)  # per level, oldest first
    norms = (tables * tables).sum(2)
    codes = torch.zeros(b, n_q, 0, dtype=torch.long)
    for t in range(z.shape[2]):
        q = torch.zeros(b, z.shape[1], dtype=z.dtype)
        picked = torch.zeros(b, 0, dtype=torch.long)
        levels = []
        for k in range(n_q):
            r = z[:, :, t] - torch.matmul(hist[k], weights) - q
            j = torch.argmin(norms[k].unsqueeze(0) - 2.0 * torch.matmul(r, tables[k].t()), 1)
            q = q + torch.index_select(tables[k], 0, j)
            picked = torch.cat([picked, j.unsqueeze(1)], 1)
            levels.append(torch.cat([hist[k, :, :, 1:], q.unsqueeze(2)], 2))
        hist = torch.stack(levels, 0)
        codes = torch.cat([codes, picked.unsqueeze(2)], 2)
    return codes


class EncoderGraph(nn.Module):
    def __init__(self, codec: Codec):
        super().__init__()
        self.codec = codec
        q = codec.quantizer
        self.predictive = hasattr(q, "residuals")
        self.layered = bool(getattr(q, "layered", False))
        if self.predictive:  # predictive codes: found frame by frame against the running reconstruction
            # With a search metric (Codec.search_root) the loop runs in its space: the latents
            # and the tables × M, the codes the same as torch's (the loop is linear in both).
            with torch.no_grad():
                root = codec.search_root()
                tables = torch.stack([l.embed for l in q.layers]).detach().clone()
                self.register_buffer("tables", tables if root is None else tables @ root)
                self.register_buffer("root", root)
            self.register_buffer("weights", q.kernel[:-1].detach().clone())

    def forward(self, wav):  # (B, 1, T) float32, T a multiple of hop → (B, K, T/hop) int64
        if self.predictive:
            loop = closed_loop_layered if self.layered else closed_loop
            z = self.codec.encoder(wav)
            if self.root is not None:
                z = torch.einsum("bdt,de->bet", z, self.root)
            return loop(z, self.tables, self.weights)
        return self.codec.quantizer.encode(self.codec.encoder(wav))


class DecoderGraph(nn.Module):
    def __init__(self, codec: Codec):
        super().__init__()
        self.codec = codec
        # Each codebook as the decoder sees it, (K, size, dim), folded into constants: decoding
        # is K Gathers, and no small projection is left for int8 quantisation to blur.
        with torch.no_grad():
            self.register_buffer("tables", codec.code_tables().detach().clone())

    def latents(self, codes):
        """(B, K, F) codes → (B, D, F) latents: the tables' sum, integrated over time when the
        codes are innovations (quantizer.PredictiveRVQ: a fixed causal conv)."""
        z = sum(F.embedding(codes[:, k, :], self.tables[k]) for k in range(self.tables.shape[0])).permute(0, 2, 1)
        integrate = getattr(self.codec.quantizer, "integrate", None)
        return integrate(z) if integrate is not None else z

    def forward(self, codes):  # (B, K, F) int64 → (B, 1, F*hop) float32
        return self.codec.decoder(self.latents(codes))


class SpectralDecoderGraph(DecoderGraph):
    """The decoder without its inverse STFT, for cumulative-phase decoders: (B, K, F) int64 →
    mag, dphase (B, F*sub, bins), frame-major. The engine sums the phase advances and runs the inverse STFT
    (src/engine/codec/synth.ts): as a ConvTranspose in the graph the inverse STFT was half of the
    WASM decode time (1280-point frames at 100 Hz), and a running phase summed inside the graph
    would restart at zero in every streamed chunk."""

    def forward(self, codes):
        z = self.latents(codes)
        if self.codec.decoder.phase == "magnitude":  # mag only: the engine derives the phase
            return self.codec.decoder.magnitudes(z)
        return self.codec.decoder.frames(z)


def synthesis_spec(codec: Codec) -> dict:
    """The manifest's "synthesis" for this codec's decoder graph (docs/pack-format.md)."""
    d = codec.decoder
    if d.phase == "magnitude":
        return {"kind": "istft", "n_fft": d.istft.n_fft, "stft_hop": d.istft.hop, "phase": "peaks"}
    if d.phase != "cumulative":
        return {"kind": "wav"}
    return {"kind": "istft", "n_fft": d.istft.n_fft, "stft_hop": d.istft.hop, "frame_origin": d.frame_origin}


def export_codec(codec: Codec, encoder_path: str | None, decoder_path: str, frames: int = 50) -> None:
    codec = codec.eval().float()
    wav = torch.randn(1, 1, frames * codec.hop) * 0.1
    with torch.no_grad():
        codes = EncoderGraph(codec)(wav)
        if encoder_path is not None:
            torch.onnx.export(EncoderGraph(codec), (wav,), encoder_path, opset_version=OPSET,
                              input_names=["wav"], output_names=["codes"],
                              dynamic_axes={"wav": {0: "batch", 2: "samples"}, "codes": {0: "batch", 2: "frames"}})
        if synthesis_spec(codec).get("phase") == "peaks":
            torch.onnx.export(SpectralDecoderGraph(codec), (codes,), decoder_path, opset_version=OPSET,
                              input_names=["codes"], output_names=["mag"],
                              dynamic_axes={"codes": {0: "batch", 2: "frames"}, "mag": {0: "batch", 1: "stft_frames"}})
        elif synthesis_spec(codec)["kind"] == "istft":
            torch.onnx.export(SpectralDecoderGraph(codec), (codes,), decoder_path, opset_version=OPSET,
                              input_names=["codes"], output_names=["mag", "dphase"],
                              dynamic_axes={"codes": {0: "batch", 2: "frames"}, "mag": {0: "batch", 1: "stft_frames"},
                                            "dphase": {0: "batch", 1: "stft_frames"}})
        else:
            torch.onnx.export(DecoderGraph(codec), (codes,), decoder_path, opset_version=OPSET,
                              input_names=["codes"], output_names=["wav"],
                              dynamic_axes={"codes": {0: "batch", 2: "frames"}, "wav": {0: "batch", 2: "samples"}})
