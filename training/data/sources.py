"""Find the tracks of every source: audio files in unpacked packages (and inside their .pk3/.zip
archives), MIDI files and Doom WAD music lumps (rendered with fluidsynth), and composer pieces.
Each track carries its package, version and licence (from the package's DEP-5 copyright file)."""
from __future__ import annotations

import fnmatch
import glob
import hashlib
import os
import re
import struct
import zipfile

from .render import render_midi


def parse_copyright(path: str) -> list[tuple[list[str], str]]:
    """DEP-5 stanzas → [(file patterns, licence short name)]; [] when the file is free-form."""
    if not os.path.exists(path):
        return []
    stanzas, files, lic = [], None, None
    for line in open(path, errors="replace").read().split("\n") + [""]:
        if not line.strip():
            if files is not None and lic:
                stanzas.append((files, lic))
            files, lic = None, None
        elif line.startswith("Files:"):
            files = line[6:].split()
        elif line.startswith("License:") and files is not None and lic is None:
            lic = line[8:].strip()
        elif files is not None and line.startswith(" ") and lic is None and not line.strip().startswith("."):
            files += line.split()
    return stanzas


def licence_from_text(path: str) -> str:
    """Free-form copyright files: name the licence the text declares (checked by hand per package;
    the manifest keeps the copyright path so anyone can re-read it)."""
    if not os.path.exists(path):
        return "unknown"
    t = open(path, errors="replace").read()
    for needle, name in (("Attribution-ShareAlike 3.0", "CC-BY-SA-3.0"), ("Attribution-ShareAlike", "CC-BY-SA"),
                         ("Attribution 3.0", "CC-BY-3.0"), ("GNU General Public License", "GPL"),
                         ("common-licenses/GPL-3", "GPL-3"), ("common-licenses/GPL-2", "GPL-2")):
        if needle in t:
            found = name
            if name == "GPL" and "common-licenses/GPL-2" in t:
                found = "GPL-2+" if "any later version" in t else "GPL-2"
            elif name == "GPL" and "common-licenses/GPL-3" in t:
                found = "GPL-3+" if "any later version" in t else "GPL-3"
            return found
    return "see copyright file"


def licence_for(stanzas, relpath: str, fallback: str = "see copyright file") -> str:
    """Last matching stanza wins (DEP-5); source-tree paths differ from installed ones, so a
    pattern also matches any suffix of the installed path."""
    found = None
    parts = relpath.split("/")
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    for pats, lic in stanzas:
        if any(fnmatch.fnmatch(t, p) for p in pats for t in tails):
            found = lic
    return found or fallback


def _track_id(source: str, path: str) -> str:
    return source + "-" + hashlib.sha1(path.encode()).hexdigest()[:10]


def _package_meta(root: str, pkg: str) -> dict:
    vf = os.path.join(root, ".version")
    return {"package": pkg, "version": open(vf).read().strip() if os.path.exists(vf) else "",
            "copyright": f"/usr/share/doc/{pkg}/copyright"}


def audio_package_tracks(cache: str, entry: dict, exts, archive_exts) -> list[dict]:
    pkg = entry["package"]
    root = os.path.join(cache, "pkgs", pkg)
    if not os.path.exists(os.path.join(root, ".done")):
        return []
    cright = os.path.join(root, f"usr/share/doc/{pkg}/copyright")
    stanzas, fallback = parse_copyright(cright), licence_from_text(cright)
    filt = re.compile(entry.get("path_filter", ""))
    meta = _package_meta(root, pkg)
    out = []
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            low = name.lower()
            members = []
            if any(low.endswith(e) for e in exts):
                members = [(rel, full)]
            elif any(low.endswith(e) for e in archive_exts):
                # Unpack only the matching audio members of game archives (.pk3 = zip).
                with zipfile.ZipFile(full) as z:
                    for m in z.namelist():
                        key = rel + "!" + m
                        if any(m.lower().endswith(e) for e in exts) and filt.search(key):
                            dest = os.path.join(cache, "unzipped", pkg, m)
                            if not os.path.exists(dest):
                                os.makedirs(os.path.dirname(dest), exist_ok=True)
                                with z.open(m) as src, open(dest + ".tmp", "wb") as dst:
                                    dst.write(src.read())
                                os.replace(dest + ".tmp", dest)
                            members.append((key, dest))
            for key, path in members:
                if not filt.search(key):
                    continue
                out.append({"track": _track_id(pkg, key), "source": "audio", "path": path,
                            "member": key, "style": entry.get("style", ""),
                            "licence": licence_for(stanzas, key.split("!")[-1], fallback), **meta})
    return out


def wad_midi_lumps(wad_path: str) -> list[tuple[str, bytes]]:
    """Music lumps (D_*) of a Doom WAD that are Standard MIDI files (Freedoom stores MIDI)."""
    d = open(wad_path, "rb").read()
    n, off = struct.unpack("<ii", d[4:12])
    out = []
    for i in range(n):
        pos, size, name = struct.unpack("<ii8s", d[off + 16 * i: off + 16 * i + 16])
        name = name.rstrip(b"\0").decode("ascii", "replace")
        if name.startswith("D_") and d[pos: pos + 4] == b"MThd":
            out.append((name, d[pos: pos + size]))
    return out


def midi_package_tracks(cache: str, pkg: str, soundfont: str, gain: float, sr: int) -> list[dict]:
    root = os.path.join(cache, "pkgs", pkg)
    if not os.path.exists(os.path.join(root, ".done")):
        return []
    cright = os.path.join(root, f"usr/share/doc/{pkg}/copyright")
    stanzas, fallback = parse_copyright(cright), licence_from_text(cright)
    meta = _package_meta(root, pkg)
    out_dir = os.path.join(cache, "tracks", "midi", pkg)
    os.makedirs(out_dir, exist_ok=True)
    items = []  # (key, midi path)
    for p in sorted(glob.glob(os.path.join(root, "**", "*.mid"), recursive=True)):
        items.append((os.path.relpath(p, root), p))
    for wad in sorted(glob.glob(os.path.join(root, "**", "*.wad"), recursive=True)):
        seen = set()
        for name, data in wad_midi_lumps(wad):
            h = hashlib.sha1(data).hexdigest()[:8]
            if h in seen:
                continue  # the two Freedoom phases share some tunes
            seen.add(h)
            mid = os.path.join(out_dir, f"{os.path.basename(wad)}_{name}.mid")
            open(mid, "wb").write(data)
            items.append((os.path.relpath(wad, root) + "!" + name, mid))
    out = []
    for key, mid in items:
        wav = os.path.join(out_dir, re.sub(r"[^A-Za-z0-9_.-]", "_", key) + ".wav")
        if not os.path.exists(wav):
            render_midi(mid, wav + ".tmp.wav", soundfont, gain, sr)
            os.replace(wav + ".tmp.wav", wav)
        out.append({"track": _track_id(pkg, key), "source": "midi", "path": wav, "member": key,
                    "style": "MIDI (FluidR3 GM)", "licence": licence_for(stanzas, key.split("!")[0], fallback), **meta})
    return out


def composer_tracks(cache: str) -> list[dict]:
    out = []
    wavs = glob.glob(os.path.join(cache, "tracks", "composer", "piece_*.wav"))
    wavs += glob.glob(os.path.join(cache, "tracks", "composer", "arc_*.wav"))
    for wav in sorted(wavs):
        if wav.endswith(".tmp.wav"):
            continue
        name = os.path.basename(wav)[:-4]
        # Emotion-arc pieces only train: the held-out splits stay the sectioned pieces and recordings.
        extra = {"train_only": True} if name.startswith("arc_") else {}
        out.append({"track": "composer-" + name, "source": "composer", "path": wav, **extra,
                    "member": name, "score": wav[:-4] + ".json", "style": "procedural (FluidR3 GM)",
                    "package": "undertone composer + fluid-soundfont-gm", "version": "",
                    "licence": "generated; FluidR3_GM soundfont MIT",
                    "copyright": "/usr/share/doc/fluid-soundfont-gm/copyright"})
    return out
