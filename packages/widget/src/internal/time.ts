import type { Message } from '@attune/core';

/** Messages closer than this, from the same sender, form one group (one name, one time). */
export const GROUP_GAP_MS = 5 * 60_000;

// Groups: consecutive text messages from the same sender less than GROUP_GAP_MS apart form
// one, as messengers do (one name at the top, one time at the bottom); anything else (an
// echo, a picker…) is a group of its own. Only neighbours are looked at, so a render asks
// about the rows it draws and allocates nothing per message.
const joins = (earlier: Message | undefined, later: Message | undefined): boolean =>
  earlier?.kind === 'text' && later?.kind === 'text' && earlier.from === later.from && earlier.name === later.name && later.at - earlier.at < GROUP_GAP_MS;

/** Message `i` opens its group: its sender's name and avatar go here. */
export const opensGroup = (list: readonly Message[], i: number): boolean => !joins(list[i - 1], list[i]);
/** Message `i` closes its group: the time goes here. */
export const closesGroup = (list: readonly Message[], i: number): boolean => !joins(list[i], list[i + 1]);

/** Formats message times for one locale: relative while recent, then the time of day, then the date. */
export interface TimeFormat {
  /** "Just now", "5 min ago", "14:05", "Mon 14:05", "3 Dec 2026, 14:05". */
  short(at: number, now: number): string;
  /** The full date and time, for the tooltip and `title`. */
  full(at: number): string;
}

export function timeFormat(locale: string, justNow: string): TimeFormat {
  const safe = <T>(make: (l: string) => T): T => {
    try {
      return make(locale);
    } catch {
      return make('en');
    }
  };
  const relative = safe((l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto', style: 'short' }));
  const clock = safe((l) => new Intl.DateTimeFormat(l, { hour: 'numeric', minute: '2-digit' }));
  const weekday = safe((l) => new Intl.DateTimeFormat(l, { weekday: 'short', hour: 'numeric', minute: '2-digit' }));
  const date = safe((l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }));
  const full = safe((l) => new Intl.DateTimeFormat(l, { dateStyle: 'full', timeStyle: 'short' }));
  // Every render asks for every group's label; Intl formatting is costly (it dominated the
  // CPU per token while a reply streamed into 1,000 messages). Labels change at most once a
  // minute, and the list re-renders once a minute to age them: cache them per minute.
  let minute = -1;
  const labels = new Map<number, string>();
  const label = (at: number, now: number): string => {
    const ago = now - at;
    if (ago < 60_000) return justNow;
    if (ago < 60 * 60_000) return relative.format(-Math.floor(ago / 60_000), 'minute');
    const then = new Date(at);
    if (then.toDateString() === new Date(now).toDateString()) return clock.format(then);
    if (ago < 6 * 24 * 60 * 60_000) return weekday.format(then);
    return date.format(then);
  };
  return {
    short(at, now) {
      const current = Math.floor(now / 60_000);
      if (current !== minute) {
        minute = current;
        labels.clear();
      }
      let text = labels.get(at);
      if (text === undefined) labels.set(at, (text = label(at, now)));
      return text;
    },
    full: (at) => full.format(new Date(at)),
  };
}
