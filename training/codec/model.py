"""The codec: conv encoder → residual VQ → Vocos-style frame-rate ConvNeXt decoder with an
inverse-STFT head.

The decoder runs at the token frame rate (50 Hz) and its head predicts `sub` STFT frames per token
frame (magnitude + phase), so the only sample-rate operation is the fixed inverse STFT. That is
what makes it cheap enough for a browser tab.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .quantizer import FactorizedRVQ, NoQuantizer, PredictiveRVQ, ResidualVQ

QUANTIZERS = {"ema": ResidualVQ, "factorized": FactorizedRVQ, "none": NoQuantizer, "predictive": PredictiveRVQ}
from .stft import ConvISTFT, ConvSTFT, bass_stft, logfreq_filterbank


class ChannelNorm(nn.Module):
    """LayerNorm over channels of a (B, C, T) tensor; computed in fp32 (bf16 norms drift)."""

    def __init__(self, dim: int):
        super().__init__()
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x):
        return self.norm(x.float().transpose(1, 2)).transpose(1, 2)


class ConvNeXtBlock(nn.Module):
    def __init__(self, dim: int, mult: float, kernel: int = 7, layer_scale: float = 0.1):
        super().__init__()
        hidden = int(dim * mult)
        self.dw = nn.Conv1d(dim, dim, kernel, padding=kernel // 2, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pw1 = nn.Linear(dim, hidden)
        self.pw2 = nn.Linear(hidden, dim)
        self.gamma = nn.Parameter(torch.full((dim,), layer_scale))

    def forward(self, x):  # (B, C, T)
        h = self.dw(x).transpose(1, 2)
        h = self.norm(h.float())
        h = self.pw2(F.gelu(self.pw1(h)))
        return x + (self.gamma * h).transpose(1, 2)


class Encoder(nn.Module):
    """wav (B, 1, T) → latents (B, D, T/hop). A fine STFT (hop/4) keeps 5 ms timing detail that a
    hop-sized window would smear; a strided conv brings it to the frame rate."""

    def __init__(self, hop: int, n_fft: int, sub: int, dim: int, depth: int, mult: float,
                 latent_dim: int, sample_rate: int = 32000, per_octave: int | None = None,
                 bass: dict | None = None):
        super().__init__()
        assert hop % sub == 0
        self.stft = ConvSTFT(n_fft, hop // sub)
        # Optional log-frequency front end: a long window resolves semitones in the bass, and the
        # filterbank keeps that resolution below ~1 kHz while merging the many bins above it.
        self.register_buffer("fb", logfreq_filterbank(n_fft, sample_rate, per_octave) if per_octave else None,
                             persistent=False)
        channels = self.stft.bins if self.fb is None else self.fb.shape[1]
        self.inp = nn.Conv1d(channels, dim, 7, padding=3)
        # Optional bass front end beside the short window: a 640-point Hann window's main lobe is
        # 200 Hz wide, so the partials of notes below ≈ B3 barely separate (C3's fundamental and
        # 2nd partial: an 11 dB dip between them, 68 dB in a 4096-point window). A long window
        # (8 Hz bins) over the bins below `fmax` only, same hop, added after the input conv. Its
        # conv starts at zero, so a codec warm-started without it begins exactly where it was.
        # Measured in session 13 (reports/codec.md): even once the encoder used it, the notes that
        # decode an octave off stayed off, so it is not in a shipped pack.
        self.bass = None
        if bass:
            self.bass = bass_stft(bass.get("n_fft", 4096), hop // sub, sample_rate, bass.get("fmax", 2000.0))
            self.bass_inp = nn.Conv1d(self.bass.bins, dim, 7, padding=3)
            nn.init.zeros_(self.bass_inp.weight)
            nn.init.zeros_(self.bass_inp.bias)
        self.down = nn.Conv1d(dim, dim, sub, stride=sub)
        self.blocks = nn.ModuleList(ConvNeXtBlock(dim, mult) for _ in range(depth))
        self.norm = ChannelNorm(dim)
        self.out = nn.Conv1d(dim, latent_dim, 1)

    def forward(self, wav):
        x = self.stft(wav)
        if self.fb is not None:  # log power per band, from the STFT's log magnitude
            x = 0.5 * torch.log((torch.exp(2 * x).transpose(1, 2) @ self.fb).transpose(1, 2) + 1e-6)
        x = self.inp(x)
        if self.bass is not None:
            x = x + self.bass_inp(self.bass(wav))
        x = self.down(F.gelu(x))
        for b in self.blocks:
            x = b(x)
        return self.out(self.norm(x)).float()


class SpectralEncoder(nn.Module):
    """wav (B, 1, T) → latents (B, D, T/hop) with nothing learned: the decoder's own STFT frames
    (n_fft 1280, hop 320: two per token) as log magnitudes, each token's pair of frames minus their
    mean, projected on the `latent_dim` principal directions of the training audio's pairs
    (training/scripts/fit_spectral_codec.py fills `mean` and `proj`).

    Why (codec.md, session 14): on held-out renders a *linear* projection of the spectrum to 128
    dimensions and back keeps chroma 0.93, while every trained encoder of sessions 5-13 — 640-point
    front end, bass front end, trained with the decoder, quantised or not — gave latents from which
    the best decoder reached 0.82 (and a linear one 0.78): the losses the encoder was trained by
    never asked it to keep the partials' positions, and the principal directions keep them because
    they keep the spectrum. The quantiser's k-means codebooks are fitted in this space too."""

    def __init__(self, hop: int, latent_dim: int, n_fft: int = 1280, sub: int = 2, sample_rate: int = 32000,
                 band: tuple[float, float] | None = None, outside: float = 1.0, floor_db: float | None = None,
                 boost: tuple[float, float, float] | None = None, **_):
        super().__init__()
        assert hop % sub == 0
        self.sub = sub
        self.stft = ConvSTFT(n_fft, hop // sub)
        width = sub * self.stft.bins
        self.register_buffer("mean", torch.zeros(width))
        self.register_buffer("proj", torch.zeros(latent_dim, width))
        # What the codes spend their bits on. The principal directions and the k-means follow
        # variance, and most of a log spectrum's variance is in the ~500 bins above 3 kHz and in
        # the floor between partials; `band` weights the bins outside it by `outside` (the
        # decoder still writes them, from what the band implies), and `floor_db` lifts every bin
        # to no less than the frame's loudest bin minus that many dB. Held-out chroma after four
        # k-means codebooks, linear decoder: 0.79 plain, 0.84 with 60-2600 Hz and the floor at 60.
        hz = torch.arange(self.stft.bins, dtype=torch.float32) * sample_rate / n_fft
        w = torch.ones_like(hz) if band is None else torch.where((hz >= band[0]) & (hz <= band[1]), 1.0, outside)
        if boost is not None:  # [lo, hi, gain]: these bins weigh `gain` times (the principal directions give them more room)
            w = torch.where((hz >= boost[0]) & (hz <= boost[1]), w * boost[2], w)
        self.register_buffer("weight", w, persistent=False)
        self.floor = None if floor_db is None else floor_db / 20 * math.log(10)

    def frames(self, wav):
        """(B, T/hop, sub·bins): each token's STFT frames' log magnitudes (floored, weighted) side by side."""
        x = self.stft(wav).clamp(max=6.0)  # (B, bins, T/hop·sub); the clamp as the decoder's head
        if self.floor is not None:
            x = torch.maximum(x, x.amax(1, keepdim=True) - self.floor)
        x = x * self.weight[:, None]
        b, bins, s = x.shape
        return x.transpose(1, 2).reshape(b, s // self.sub, self.sub * bins)

    def forward(self, wav):
        with torch.autocast("cpu", enabled=False):
            return ((self.frames(wav).float() - self.mean) @ self.proj.t()).transpose(1, 2)


class Decoder(nn.Module):
    """latents (B, D, F) → wav (B, 1, F*hop)."""

    def __init__(self, hop: int, n_fft: int, sub: int, dim: int, depth: int, mult: float,
                 latent_dim: int, phase: str = "absolute", frame_origin: str = "start",
                 skip: bool = False):
        super().__init__()
        self.sub, self.bins = sub, n_fft // 2 + 1
        # A fixed linear path from the latents to the head's output (config decoder.skip, magnitude
        # decoders only): the least-squares map from quantised latents to the frames' log
        # magnitudes (fit_spectral_codec.py). The network then learns only what that map misses,
        # and a head started at zero starts exactly at the linear decoder.
        self.skip = skip
        if skip:
            self.register_buffer("skip_mean", torch.zeros(sub * self.bins))
            self.register_buffer("skip_proj", torch.zeros(latent_dim, sub * self.bins))
        # Where a frame's phase is referenced, for the cumulative phase's starting value. "start":
        # every bin starts at 0, i.e. relative to the frame's first sample — but a Hann-windowed
        # sinusoid has the phases of neighbouring bins a half turn apart in that reference, so bins
        # that start equal and advance equally add up at the frame's edges, where the synthesis
        # window is zero: a held sinusoid decodes nearly silent whatever the decoder predicts
        # (measured with the true instantaneous frequency: level 0.44-0.54 of the input).
        # "centre": bin k starts at π·k, i.e. relative to the frame's centre, where the main-lobe
        # bins of a sinusoid share one phase; equal advances then keep a held note coherent.
        self.frame_origin = frame_origin
        self.last_dphase = None  # (B, bins, F*sub) of the last forward, for the frame losses
        self.last_logmag = None  # (B, bins, F*sub) log magnitude (clamped as used), same
        # Phase. "absolute": the head predicts each STFT frame's phase. A convolutional decoder fed
        # the same tokens frame after frame (a held note: the encoder sees magnitudes only) then
        # emits the same frames again and again, i.e. a waveform periodic at the token rate, and
        # every note comes back as lines at multiples of 50 Hz (measured: codec-v1, and codec-v2 at
        # step 500, 20 of 22 held-out notes on a 50 Hz grid). "cumulative": the head predicts the
        # phase advance from the previous STFT frame, as a deviation from the advance of the bin's
        # centre frequency, and the phase is its running sum: a constant token gives a coherent
        # sinusoid at any frequency (a harmonic prior, like integrating instantaneous frequency).
        # "magnitude": the head predicts magnitudes only and the phase is derived from them at
        # synthesis (a phase vocoder with identity phase locking: synth.py peak_phase, the engine's
        # synth.ts 'peaks'). Resynthesising the pitch fixtures' own STFT magnitudes that way passes
        # every pitch bar (notes within ±50 cents 1.0, chroma 0.997: scripts/codec-synthesis-ceiling.ts),
        # so the network only has to get magnitudes right — a regression it can learn without
        # resynthesis in the loop — where learning phase had let held notes decode silent.
        self.phase = phase
        if phase == "cumulative":
            k = torch.arange(self.bins, dtype=torch.float64)
            nominal = torch.remainder(2 * math.pi * k * (hop // sub) / n_fft, 2 * math.pi)
            self.register_buffer("advance", nominal.float()[None, :, None], persistent=False)
            phase0 = math.pi * k if frame_origin == "centre" else torch.zeros_like(k)
            self.register_buffer("phase0", torch.remainder(phase0, 2 * math.pi).float()[None, :, None], persistent=False)
        self.inp = nn.Conv1d(latent_dim, dim, 7, padding=3)
        self.norm_in = ChannelNorm(dim)
        self.blocks = nn.ModuleList(ConvNeXtBlock(dim, mult) for _ in range(depth))
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, sub * (1 if phase == "magnitude" else 2) * self.bins)
        self.istft = ConvISTFT(n_fft, hop // sub)

    def _head(self, z):
        x = self.norm_in(self.inp(z))
        for b in self.blocks:
            x = b(x)
        h = self.head(self.norm(x.float().transpose(1, 2))).float()  # (B, F, sub*2*bins)
        if self.skip:
            h = h + z.float().transpose(1, 2) @ self.skip_proj + self.skip_mean
        b_, f_, _ = h.shape
        h = h.reshape(b_, f_ * self.sub, -1)  # (B, F*sub, 2*bins or bins): frame-major
        logmag = h[..., : self.bins].clamp(max=6.0)  # clamp: Vocos' guard against exp overflow
        self.last_logmag = logmag.transpose(1, 2)
        return torch.exp(logmag), h[..., self.bins:]

    def magnitudes(self, z):
        """(B, F*sub, bins) magnitudes, frame-major (the "magnitude" graph's output); the log
        magnitudes of the same call stay in last_logmag for the frame losses."""
        return self._head(z)[0]

    def frames(self, z):
        """Cumulative phase only: (magnitude, phase advance) per STFT frame, (B, F*sub, bins) each,
        frame-major so the engine reads each frame contiguously — what the exported graph writes;
        the engine sums the advances and inverts (codec/synth.py, src/engine/codec/synth.ts)."""
        assert self.phase == "cumulative"
        mag, dev = self._head(z)
        return mag, self.advance.transpose(1, 2) + dev

    def forward(self, z):
        if self.phase == "magnitude":
            # Not differentiable (the phase is a per-frame peak search): training scores the
            # magnitudes themselves (losses.FrameLosses); this is for decoding and evaluation.
            from .synth import synthesize_peaks
            mag = self.magnitudes(z)
            y = synthesize_peaks(mag.detach().float().cpu().numpy(), self.istft.n_fft, self.istft.hop)
            return torch.from_numpy(y).to(z.device)
        mag, phase = self._head(z)
        mag, phase = mag.transpose(1, 2), phase.transpose(1, 2)  # (B, bins, F*sub)
        if self.phase == "cumulative":
            self.last_dphase = self.advance + phase
            phase = self.phase0 + torch.cumsum(self.last_dphase, dim=2)
        spec = torch.cat([mag * torch.cos(phase), mag * torch.sin(phase)], dim=1)
        return self.istft(spec)


class Codec(nn.Module):
    def __init__(self, sample_rate: int, hop: int, n_q: int, codebook_size: int, latent_dim: int,
                 encoder: dict, decoder: dict, vq: dict, aux: dict | None = None,
                 decoder_tables: bool = False, search: dict | None = None):
        super().__init__()
        self.sample_rate, self.hop = sample_rate, hop
        # How a predictive quantiser chooses codes (search_root); None: nearest in the latent space
        self.search = dict(search) if search else None
        self.n_q, self.codebook_size = n_q, codebook_size
        encoder = dict(encoder)
        kind = encoder.pop("kind", "conv")  # "spectral": SpectralEncoder, fixed and fitted
        self.encoder = (SpectralEncoder if kind == "spectral" else Encoder)(
            hop=hop, latent_dim=latent_dim, sample_rate=sample_rate, **encoder)
        vq = dict(vq)
        self.quantizer = QUANTIZERS[vq.pop("kind", "ema")](n_q, codebook_size, latent_dim, **vq)
        self.decoder = Decoder(hop=hop, latent_dim=latent_dim, **decoder)
        # Training-only heads on codebook 0's vector (semantic distillation, Mimi/SpeechTokenizer):
        # they make the coarsest tokens carry pitch-class energy. Not exported.
        self.chroma_head = nn.Conv1d(latent_dim, 12, 1) if (aux or {}).get("chroma") else None
        # and which low notes sound, semitone by semitone (losses.BassTarget, 61 bands C1-C6)
        self.bass_head = nn.Conv1d(latent_dim, 61, 3, padding=1) if (aux or {}).get("bass") else None
        # The decoder's own copy of the code tables (config "decoder_tables"): the same codes, but
        # each code's vector as the decoder reads it is learned by the decoder's loss instead of
        # being where the quantiser put it, so the tokens (and a music model trained on them) stay
        # valid while the decoder gets a freer input. Exported as the graph's constant tables: the
        # pack format does not change. Initialised from the quantiser's tables (warm start).
        # Tried in session 13 (configs/codec/v2-mag-tables.json, 3 700 steps): fixture notes 0.45
        # (shipped 0.50), the same notes rendered with the training bank 0.50 (0.41): not better.
        self.decoder_tables = (nn.Parameter(torch.zeros(n_q, codebook_size, latent_dim))
                               if decoder_tables else None)

    def forward(self, wav):
        q, codes, commit = self.quantize(self.encoder(wav))
        return self.decoder(q), codes, commit

    def search_root(self) -> torch.Tensor | None:
        """(D, D) symmetric M: a predictive quantiser picks the code e that minimises ‖M(r − e)‖,
        not ‖r − e‖ (config "search": {"band": [lo, hi] Hz, "gain": g}). M² = P·diag(w²)·Pᵀ, P the
        spectral encoder's principal directions and w = g on the STFT bins inside the band, 1
        elsewhere: the distance is the log-spectrum error the code leaves inside the encoder's
        subspace, with the band's bins counted g times. The codebooks and the decoder are the same,
        so the codes decode as before and a music model trained on the plain search's tokens still
        writes valid ones.

        Why (training/reports/codec.md "Session 24"): the latents unquantised keep piano and bass C2
        (fixture notes 0.95), the plain search loses them (0.86): a low note's partials are 2-3
        bins apart, a small share of the latent's variance that the nearest code in plain distance
        need not keep. Counting 30-400 Hz twice (the shipped setting) keeps all of them but
        finger-bass C2, and held-out chroma rises 0.848 → 0.867."""
        if not self.search or not hasattr(self.quantizer, "residuals"):
            return None
        enc = self.encoder
        if not isinstance(enc, SpectralEncoder):
            raise ValueError("config 'search' needs the spectral encoder (encoder.kind 'spectral'): "
                             "the metric is built on its principal directions")
        bins = enc.stft.bins
        hz = torch.arange(bins, dtype=torch.float64) * self.sample_rate / enc.stft.n_fft
        lo, hi = self.search["band"]
        w = torch.where((hz >= lo) & (hz <= hi), float(self.search["gain"]), 1.0).repeat(enc.sub)
        p = enc.proj.double()
        vals, vecs = torch.linalg.eigh((p * w[None] ** 2) @ p.t())
        return ((vecs * vals.clamp(min=0).sqrt()[None]) @ vecs.t()).float()

    def quantize(self, z):
        """The quantiser's (latents for the decoder, codes, commitment loss); with decoder tables
        the latents are the decoder's own vectors for the same codes."""
        root = self.search_root()
        q, codes, commit = self.quantizer(z) if root is None else self.quantizer(z, root)
        if self.decoder_tables is not None:
            q = self.code_latents(codes)
        return q, codes, commit

    def code_latents(self, codes):
        """(B, K', F) codes, K' ≤ n_q (the first K' codebooks) → (B, D, F), as the decoder reads them."""
        if self.decoder_tables is None:
            return self.quantizer.decode(codes)
        return sum(F.embedding(codes[:, k], self.decoder_tables[k]) for k in range(codes.shape[1])).permute(0, 2, 1)

    def code_tables(self) -> torch.Tensor:
        """(K, size, D): each code's vector as the decoder reads it (its own tables, else the
        quantiser's)."""
        if self.decoder_tables is not None:
            return self.decoder_tables
        return torch.stack([layer.table() for layer in self.quantizer.layers])

    @torch.no_grad()
    def init_decoder_tables(self) -> None:
        """Start the decoder's tables at the quantiser's (what the decoder has read so far)."""
        self.decoder_tables.copy_(torch.stack([layer.table() for layer in self.quantizer.layers]))

    def aux_outputs(self) -> dict:
        """Heads on the last forward's codebook-0 vector: {"chroma": (B, 12, F)} when configured."""
        out = {}
        if self.chroma_head is not None:
            out["chroma"] = self.chroma_head(self.quantizer.last_layers[0].float())
        if self.bass_head is not None:
            out["bass"] = self.bass_head(self.quantizer.last_layers[0].float())
        return out

    @torch.no_grad()
    def encode(self, wav):
        return self.encode_latents(self.encoder(wav))

    @torch.no_grad()
    def encode_latents(self, z):
        """(B, D, F) encoder latents → (B, K, F) codes, by the configured search."""
        root = self.search_root()
        return self.quantizer.encode(z) if root is None else self.quantizer.encode(z, root)

    @torch.no_grad()
    def decode(self, codes):
        return self.decoder(self.code_latents(codes))
