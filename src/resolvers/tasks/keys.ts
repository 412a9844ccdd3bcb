// The legacy key escaping of hyper-parameter sections/names and configuration names (neighbours spec
// A.3). Stored keys here are the real names; escaping only appears in dotted field paths
// (`hyperparams.<section>.<name>`), where a literal `.` must be written `%2E`.

/** trim; `%`→`%%`; `.`→`%2E`; `$`→`%24`; `__`→`%_%_`; a leading `_`→`%_`. */
export function escapeKey(key: string): string {
  let escaped = key.trim().replaceAll('%', '%%').replaceAll('.', '%2E').replaceAll('$', '%24').replaceAll('__', '%_%_');
  if (escaped.startsWith('_')) escaped = `%${escaped}`;
  return escaped;
}

/** Inverse of escapeKey (a name that itself starts with `%_` does not round-trip, as in the original). */
export function unescapeKey(key: string): string {
  const joined = key
    .split('%%')
    .map((piece) => piece.replaceAll('%2E', '.').replaceAll('%24', '$').replaceAll('%_%_', '__'))
    .join('%');
  return joined.startsWith('%_') ? joined.slice(1) : joined;
}
