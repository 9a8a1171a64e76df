// A person's schedule (issue 13, SPEC B10, docs/people.md): an optional validity period and weekly
// windows, edited in a form and said in words ("Tue 09:00–13:00"). Windows are wall-clock times the
// lock reads in its home's zone; the period's dates are instants, typed and shown in the page's zone.
import { field, h, instantToLocal, localToInstant, pad, replace } from './dom.js';
import { dateTime, language, t } from './i18n.js';

const DAYS = [1, 2, 3, 4, 5, 6, 7]; // 1 = Monday .. 7 = Sunday, as the API counts them
const END_OF_DAY = 24 * 60;

/** The day's short name in the chosen language (1 January 2024 was a Monday). */
export function dayName(day) {
  return new Intl.DateTimeFormat(language(), { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, day));
}

/** Minutes of the day as "09:00"; the end of the day as "24:00". */
export const clockTime = (minutes) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** "09:00" → 540; "00:00" as an end is the end of the day (a time field cannot say 24:00). */
function minutesOf(value, isEnd) {
  const m = /^(\d{2}):(\d{2})/.exec(value || '');
  if (!m) {
    return null;
  }
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return isEnd && minutes === 0 ? END_OF_DAY : minutes;
}

/** "Tue, Thu 09:00–13:00" for one window. */
export function windowWords(w) {
  const days = [...w.days].sort((a, b) => a - b).map(dayName).join(t('people.listJoin'));
  return t('people.window', { days, from: clockTime(w.fromMinute), until: clockTime(w.untilMinute) });
}

/** The schedule in words: its period (in zone) and its weekly windows; "Any time" when it has neither. */
export function scheduleWords(validity, zone) {
  const v = validity || {};
  const said = [];
  if (v.from && v.until) {
    said.push(t('people.validFromUntil', { from: dateTime(v.from, zone), until: dateTime(v.until, zone) }));
  } else if (v.from) {
    said.push(t('people.validFrom', { from: dateTime(v.from, zone) }));
  } else if (v.until) {
    said.push(t('people.validUntil', { until: dateTime(v.until, zone) }));
  }
  if (v.weekly && v.weekly.length) {
    said.push(t('people.windows', { windows: v.weekly.map(windowWords).join(t('people.windowsJoin')) }));
  }
  return said.length ? said : [t('people.always')];
}

/**
 * The schedule form: from/until (datetime-local, on the zone's clock) and weekly window rows (days,
 * from, until), added and removed. read() answers {schedule} to send, or {problem, at} (the code the cloud
 * would refuse it with, BAD_VALIDITY, and the control to show it beside) for what the app can tell first.
 */
export function scheduleEditor(prefix, validity, zoneNow) {
  const v = validity || {};
  const from = h('input', { id: `${prefix}-from`, type: 'datetime-local', value: instantToLocal(v.from, zoneNow()) });
  const until = h('input', { id: `${prefix}-until`, type: 'datetime-local', value: instantToLocal(v.until, zoneNow()) });
  const rows = h('div', { class: 'window-rows', id: `${prefix}-windows` });
  const windows = [];
  let next = 0;

  function addRow(w) {
    const n = next++;
    const id = `${prefix}-window-${n}`;
    const days = DAYS.map((d) => h('span', { class: 'day-check' },
      h('input', { type: 'checkbox', id: `${id}-day-${d}`, value: d, checked: Boolean(w && w.days.includes(d)) }),
      h('label', { for: `${id}-day-${d}` }, dayName(d))));
    const start = h('input', { type: 'time', id: `${id}-from`, value: w ? clockTime(w.fromMinute) : '09:00', 'aria-label': t('people.windowFrom') });
    const end = h('input', { type: 'time', id: `${id}-until`, value: w ? clockTime(w.untilMinute % END_OF_DAY) : '17:00', 'aria-label': t('people.windowUntil') });
    const row = h('fieldset', { class: 'window-row', id },
      h('legend', {}, t('people.windowLegend')),
      h('div', { class: 'day-checks' }, days),
      h('div', { class: 'row gap wrap window-times' },
        h('label', { for: start.id }, t('people.windowFrom')), start,
        h('label', { for: end.id }, t('people.windowUntil')), end,
        h('button', {
          type: 'button', class: 'btn btn-ghost btn-small', id: `${id}-remove`,
          onclick: () => {
            windows.splice(windows.findIndex((x) => x.row === row), 1);
            row.remove();
          },
        }, t('people.windowRemove'))));
    windows.push({ row, days, start, end });
    rows.append(row);
  }
  (v.weekly || []).forEach(addRow);

  const element = h('div', { class: 'stack schedule-editor' },
    h('div', { class: 'grid-2 tight' }, field(t('people.validFromLabel'), from), field(t('people.validUntilLabel'), until)),
    rows,
    h('div', {}, h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: `${prefix}-window-add`, onclick: () => addRow(null) },
      t('people.windowAdd'))));

  return {
    element,
    read() {
      const schedule = {};
      const fromAt = localToInstant(from.value, zoneNow());
      const untilAt = localToInstant(until.value, zoneNow());
      if ((from.value && !fromAt) || (until.value && !untilAt) || (fromAt && untilAt && fromAt >= untilAt)) {
        return { problem: 'BAD_VALIDITY', at: until };
      }
      if (fromAt) {
        schedule.from = fromAt;
      }
      if (untilAt) {
        schedule.until = untilAt;
      }
      const weekly = [];
      for (const w of windows) {
        const days = w.days.map((d) => d.querySelector('input')).filter((i) => i.checked).map((i) => Number(i.value));
        const fromMinute = minutesOf(w.start.value, false);
        const untilMinute = minutesOf(w.end.value, true);
        if (days.length === 0) {
          return { problem: 'BAD_VALIDITY', at: w.row };
        }
        if (fromMinute === null || untilMinute === null || untilMinute <= fromMinute) {
          return { problem: 'BAD_VALIDITY', at: w.row };
        }
        weekly.push({ days, fromMinute, untilMinute });
      }
      if (weekly.length) {
        schedule.weekly = weekly;
      }
      return { schedule };
    },
    /** Writes the period again on the zone's clock (after the zone changed with the locks chosen). */
    rezone(oldZone) {
      [from, until].forEach((input) => {
        const at = localToInstant(input.value, oldZone);
        input.value = at ? instantToLocal(at, zoneNow()) : input.value;
      });
    },
    clear() {
      from.value = '';
      until.value = '';
      windows.splice(0).forEach((w) => w.row.remove());
      replace(rows);
    },
  };
}
