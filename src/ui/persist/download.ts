/** Offer bytes to the person as a file download (no server involved). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: Chromium reads the URL asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a project or video name: no path separators or control characters. */
export function safeFileName(name: string, fallback = 'undertone'): string {
  const clean = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim();
  return clean || fallback;
}
