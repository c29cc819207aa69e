/**
 * Server paths name saved positions (`targets[0]` is the first non-empty target list); the editor
 * shows target lists per variation. Maps `targets[t]…` to `targets[v]…`.
 */
export function remapTargetPathString(path: string, targetVariations: readonly number[]): string {
  const m = path.match(/^targets\[(\d+)\](.*)$/);
  if (!m) return path;
  const v = targetVariations[Number(m[1])];
  return v === undefined ? path : `targets[${v}]${m[2]}`;
}
