// Reading a parsed YAML document field by field, so that every problem is one line that
// names the field's path: `steps[2].run: 'probe-clint' is not a service of compose/probe.yml`.

export class FieldError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

export type Raw = Record<string, unknown>;

const show = (v: unknown): string => (typeof v === "string" ? `'${v}'` : JSON.stringify(v) ?? String(v));

/** One mapping of the document and where it is; each getter checks one field's type. */
export class Fields {
  private readonly used = new Set<string>();

  constructor(
    readonly raw: Raw,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): Fields {
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new FieldError(path, "must be a mapping");
    return new Fields(value as Raw, path);
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  fail(key: string, problem: string): never {
    throw new FieldError(this.at(key), problem);
  }

  private get(key: string): unknown {
    this.used.add(key);
    return this.raw[key] ?? undefined;
  }

  string(key: string): string | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (typeof v !== "string") this.fail(key, `${show(v)} must be text`);
    return v;
  }

  requiredString(key: string): string {
    const v = this.string(key);
    if (v === undefined || v.trim() === "") this.fail(key, "is required");
    return v;
  }

  /** Numbers written as numbers or as text (after `${VAR}` interpolation everything is text). */
  number(key: string, opts: { min?: number; integer?: boolean } = {}): number | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) this.fail(key, `${show(v)} is not a number`);
    if ((opts.integer ?? true) && !Number.isInteger(n)) this.fail(key, `${show(v)} is not a whole number`);
    if (opts.min !== undefined && n < opts.min) this.fail(key, `${show(v)} is less than ${opts.min}`);
    return n;
  }

  boolean(key: string): boolean | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (v === true || v === "true") return true;
    if (v === false || v === "false") return false;
    this.fail(key, `${show(v)} must be true or false`);
  }

  /** A list of words: a YAML list, or one string split on white space (as Compose reads `command`). */
  words(key: string): string[] | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v === "string") return v.split(/\s+/).filter(Boolean);
    if (Array.isArray(v) && v.every((w) => typeof w === "string" || typeof w === "number")) return v.map(String);
    this.fail(key, `${show(v)} must be a list of words or one string`);
  }

  list(key: string): unknown[] | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) this.fail(key, "must be a list");
    return v;
  }

  mapping(key: string): Fields | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    return Fields.of(v, this.at(key));
  }

  /** A mapping of names to text values (sysctls, variables). */
  stringMap(key: string): Record<string, string> | undefined {
    const m = this.mapping(key);
    if (!m) return undefined;
    return Object.fromEntries(Object.keys(m.raw).map((k) => [k, m.string(k) ?? ""]));
  }

  /** Fails on a key no getter asked for: a typo must not be silently ignored. */
  noOthers(): void {
    for (const key of Object.keys(this.raw)) {
      if (!this.used.has(key)) this.fail(key, `unknown field (known here: ${[...this.used].join(", ")})`);
    }
  }

  markUsed(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  keys(): string[] {
    return Object.keys(this.raw);
  }
}

/** `items[2]` paths for the elements of a list field. */
export const itemPath = (path: string, i: number): string => `${path}[${i}]`;
