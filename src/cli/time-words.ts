/** `12 s`, `3 min`, `2 h`: a duration a person reads at a glance. */
export function durationWords(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** `12 s ago` / `in 12 s` for an ISO time, seen from `now`. */
export function relativeTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return at <= now ? `${durationWords(now - at)} ago` : `in ${durationWords(at - now)}`;
}
