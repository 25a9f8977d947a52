/** The server's explanation of a failed call, without the client's preamble. */
export function explain(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const marker = "HubException: ";
  const at = text.lastIndexOf(marker);
  return at === -1 ? text : text.slice(at + marker.length);
}
