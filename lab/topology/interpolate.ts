// Compose-spec variable interpolation, so the lab reads compose/ files exactly as
// `docker-compose config` does: ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?message}, ${VAR?message}, $VAR, and $$ for a literal dollar.

export class InterpolationError extends Error {}

const PATTERN = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function interpolate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(PATTERN, (_m, dollar?: string, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (dollar) return "$";
    const name = (braced ?? bare) as string;
    const value = vars[name];
    const unsetOrEmpty = value === undefined || value === "";
    switch (op) {
      case ":-":
        return unsetOrEmpty ? (arg ?? "") : (value as string);
      case "-":
        return value === undefined ? (arg ?? "") : value;
      case ":?":
        if (unsetOrEmpty) throw new InterpolationError(`variable ${name} must be set: ${arg ?? ""}`.trim());
        return value as string;
      case "?":
        if (value === undefined) throw new InterpolationError(`variable ${name} must be set: ${arg ?? ""}`.trim());
        return value;
      default:
        return value ?? "";
    }
  });
}

/** Interpolates every string in a parsed YAML document (keys stay as they are). */
export function interpolateDeep(node: unknown, vars: Record<string, string | undefined>): unknown {
  if (typeof node === "string") return interpolate(node, vars);
  if (Array.isArray(node)) return node.map((n) => interpolateDeep(n, vars));
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, vars)]));
  }
  return node;
}
