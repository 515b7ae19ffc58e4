import { describe, expect, it } from 'vitest';
import { CounterVec, HistogramVec, Label, LabelSet, escapeLabelValue, formatValue } from '../../src/observe/prom-text.ts';

describe('prom-text', () => {
  it('escapes backslash, double quote and line feed in label values, nothing else', () => {
    expect(escapeLabelValue('a\\b"c\nd é')).toBe('a\\\\b\\"c\\nd é');
  });

  it('writes special values as the format spells them', () => {
    expect([formatValue(Number.POSITIVE_INFINITY), formatValue(Number.NEGATIVE_INFINITY), formatValue(Number.NaN), formatValue(0.25)]).toEqual(['+Inf', '-Inf', 'NaN', '0.25']);
  });

  it('numbers every combination of label values apart and back', () => {
    const set = new LabelSet([new Label('a', ['x', 'y'], { fallback: 'other' }), new Label('b', ['1', '2', '3']), new Label('c', ['p', 'q'])]);
    const seen = new Set<number>();
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) for (let c = 0; c < 2; c++) {
      const series = set.series(a, b, c);
      seen.add(series);
      expect(set.decode(series)).toEqual([['x', 'y', 'other'][a], ['1', '2', '3'][b], ['p', 'q'][c]]);
    }
    expect(seen.size).toBe(18);
    expect(set.render(set.series(2, 1, 0))).toBe('{a="other",b="2",c="p"}');
  });

  it('maps an unknown value to the fallback, or drops it where the label has none', () => {
    const withFallback = new Label('alias', ['fast'], { fallback: 'other' });
    const without = new Label('kind', ['input']);
    expect(withFallback.indexOf('client-chosen')).toBe(withFallback.indexOf('other'));
    const counter = new CounterVec('t_total', 'help', new LabelSet([without]));
    counter.add(counter.labels.series(without.indexOf('nope')));
    expect(counter.entries()).toEqual([]);
  });

  it('takes values added later up to its capacity, keeping every series number', () => {
    const name = new Label('backend', ['fast'], { fallback: 'other', capacity: 3 });
    const set = new LabelSet([name, new Label('kind', ['input', 'output'])]);
    const before = set.series(name.indexOf('fast'), 1);
    expect(name.add('smart')).toBe(true);
    expect(name.add('third')).toBe(false);
    expect(set.series(name.indexOf('fast'), 1)).toBe(before);
    expect(set.render(set.series(name.indexOf('smart'), 0))).toBe('{backend="smart",kind="input"}');
    expect(name.indexOf('third')).toBe(name.indexOf('other'));
  });

  it('refuses a counter whose name does not end in _total', () => {
    expect(() => new CounterVec('requests', 'help', new LabelSet([]))).toThrow('_total');
  });

  it('counts a value equal to a bound in that bucket (le is inclusive) and ignores non-numbers', () => {
    const h = new HistogramVec('h_seconds', 'help', new LabelSet([]), [1, 2]);
    for (const v of [1, 2, 2.5, Number.NaN]) h.observe(0, v);
    expect(h.render().split('\n').filter((l) => !l.startsWith('#') && l)).toEqual([
      'h_seconds_bucket{le="1"} 1', 'h_seconds_bucket{le="2"} 2', 'h_seconds_bucket{le="+Inf"} 3', 'h_seconds_sum 5.5', 'h_seconds_count 3',
    ]);
  });
});
