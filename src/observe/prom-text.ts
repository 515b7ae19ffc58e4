/**
 * The pieces of Prometheus's text exposition format 0.0.4 the metrics registry is built from.
 * A series is addressed by a number (each label's value index, mixed radix), so counting on the
 * request path is a map lookup per label and a numeric map update: no string is built until a
 * scrape renders the text. https://prometheus.io/docs/instrumenting/exposition_formats/
 */

/** Escapes a label value: backslash, double quote and line feed, as the format requires. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes a HELP text: backslash and line feed. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as the format writes it (`+Inf`, `-Inf`, `NaN`, else Go-parsable decimal). */
export function formatValue(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return '+Inf';
  if (n === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(n);
}

/**
 * One label and the only values it may take; any other value is counted under `fallback`. Values
 * may be added later (a reloaded configuration), up to `capacity`: series numbers stay the same.
 */
export class Label {
  readonly #index = new Map<string, number>();
  readonly #pairs: string[] = [];
  readonly #values: string[] = [];
  readonly fallback: number;
  /** Most values it can take; series numbers are laid out for this many. */
  readonly capacity: number;

  constructor(
    readonly name: string,
    values: readonly string[],
    { fallback, capacity }: { fallback?: string; capacity?: number } = {},
  ) {
    const all = [...new Set(fallback === undefined ? values : [...values, fallback])];
    this.capacity = Math.max(capacity ?? 0, all.length);
    for (const v of all) this.add(v);
    this.fallback = fallback === undefined ? -1 : this.#index.get(fallback)!;
  }

  /** `name="value"` for each value, escaped once, when added. */
  get pairs(): readonly string[] {
    return this.#pairs;
  }

  /** The values, in the order they were added (the fallback after the first configured ones). */
  get values(): readonly string[] {
    return this.#values;
  }

  /** Adds a value if there is room; false when it is full (the value then counts as the fallback). */
  add(value: string): boolean {
    if (this.#index.has(value)) return true;
    if (this.#values.length >= this.capacity) return false;
    this.#index.set(value, this.#values.length);
    this.#values.push(value);
    this.#pairs.push(`${this.name}="${escapeLabelValue(value)}"`);
    return true;
  }

  /** The value's index; the fallback's for anything not configured (or -1 with no fallback: not counted). */
  indexOf(value: string | undefined): number {
    return (value === undefined ? undefined : this.#index.get(value)) ?? this.fallback;
  }
}

/** A metric family's labels (at most five): turns value indexes into one series number and back into `{…}`. */
export class LabelSet {
  /** What each label's index is multiplied by in the series number. */
  readonly #strides: number[];

  constructor(readonly labels: readonly Label[]) {
    if (labels.length > 5) throw new Error('A metric family takes at most five labels.');
    this.#strides = labels.map((_, i) => labels.slice(i + 1).reduce((n, l) => n * l.capacity, 1));
  }

  /** The series number for one value index per label, in order; -1 if any is -1. Fixed arity: no array per call. */
  series(a = 0, b = 0, c = 0, d = 0, e = 0): number {
    if ((a | b | c | d | e) < 0) return -1;
    const s = this.#strides;
    return a * (s[0] ?? 0) + b * (s[1] ?? 0) + c * (s[2] ?? 0) + d * (s[3] ?? 0) + e * (s[4] ?? 0);
  }

  /** Each label's value for a series number. */
  decode(series: number): string[] {
    return this.#indexes(series).map((at, i) => this.labels[i]!.values[at]!);
  }

  /** `{a="x",b="y"}` for a series number, with `extra` pairs appended (a histogram's `le`). */
  render(series: number, extra?: string): string {
    const pairs = this.#indexes(series).map((at, i) => this.labels[i]!.pairs[at]!);
    if (extra !== undefined) pairs.push(extra);
    return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
  }

  #indexes(series: number): number[] {
    const indexes: number[] = [];
    for (let i = this.labels.length - 1; i >= 0; i--) {
      const capacity = this.labels[i]!.capacity;
      indexes.unshift(series % capacity);
      series = Math.floor(series / capacity);
    }
    return indexes;
  }
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

/** A counter family; only series that were counted appear in the text. */
export class CounterVec {
  readonly #values = new Map<number, number>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labels: LabelSet,
  ) {
    if (!name.endsWith('_total')) throw new Error(`Counter ${name} must end in _total.`);
  }

  /** Adds `n` to a series (from `labels.series(…)`); a -1 series is ignored. */
  add(series: number, n = 1): void {
    if (series >= 0) this.#values.set(series, (this.#values.get(series) ?? 0) + n);
  }

  /** The value of one series. */
  get(series: number): number {
    return this.#values.get(series) ?? 0;
  }

  /** Every counted series and its value. */
  entries(): [number, number][] {
    return [...this.#values].sort((a, b) => a[0] - b[0]);
  }

  render(): string {
    let text = header(this.name, this.help, 'counter');
    for (const [series, value] of this.entries()) text += `${this.name}${this.labels.render(series)} ${formatValue(value)}\n`;
    return text;
  }
}

/** A histogram family: per series, a count per bucket (cumulated when rendered), the sum and the count. */
export class HistogramVec {
  readonly #series = new Map<number, Float64Array>();
  readonly #les: readonly string[];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labels: LabelSet,
    /** Upper bounds, ascending; `+Inf` is implied. */
    readonly buckets: readonly number[],
  ) {
    this.#les = [...buckets.map((b) => `le="${formatValue(b)}"`), 'le="+Inf"'];
  }

  /** Records one value in a series; a -1 series or a value that is not a number is ignored. */
  observe(series: number, value: number): void {
    if (series < 0 || !Number.isFinite(value)) return;
    let data = this.#series.get(series);
    // [bucket 0 … bucket n-1, +Inf bucket, sum, count]
    if (!data) this.#series.set(series, (data = new Float64Array(this.buckets.length + 3)));
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]!) i++;
    data[i]!++;
    data[this.buckets.length + 1]! += value;
    data[this.buckets.length + 2]!++;
  }

  /** How many values a series has recorded. */
  count(series: number): number {
    return this.#series.get(series)?.[this.buckets.length + 2] ?? 0;
  }

  render(): string {
    let text = header(this.name, this.help, 'histogram');
    const n = this.buckets.length;
    for (const [series, data] of [...this.#series].sort((a, b) => a[0] - b[0])) {
      let cumulative = 0;
      for (let i = 0; i <= n; i++) {
        cumulative += data[i]!;
        text += `${this.name}_bucket${this.labels.render(series, this.#les[i])} ${formatValue(cumulative)}\n`;
      }
      text += `${this.name}_sum${this.labels.render(series)} ${formatValue(data[n + 1]!)}\n`;
      text += `${this.name}_count${this.labels.render(series)} ${formatValue(data[n + 2]!)}\n`;
    }
    return text;
  }
}

/** A gauge family whose samples are computed when rendered. */
export function renderGauge(name: string, help: string, samples: Iterable<readonly [labels: string, value: number]>): string {
  let text = header(name, help, 'gauge');
  for (const [labels, value] of samples) text += `${name}${labels} ${formatValue(value)}\n`;
  return text;
}

/** `{a="x",b="y"}` built at render time from name/value pairs (gauges read from live state). */
export function labelText(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}
