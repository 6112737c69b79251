//! Opening hours of a campaign (BOT-1): weekly intervals, holidays and a time zone, and the
//! questions the bot asks of them: "open now?" and "when do we open next?".
//!
//! Hours are local civil times in the campaign's IANA zone, so "08:00" follows the zone's
//! daylight-saving changes; instants (`Ts`) are UTC.

use std::collections::{BTreeMap, HashSet};

use jiff::SignedDuration;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Timestamp, ToSpan};

use crate::time::Ts;
use crate::validation::Invalid;

pub const INTERVALS_PER_DAY_MAX: usize = 3;
pub const HOLIDAYS_MAX: usize = 100;
pub const HOLIDAY_NAME_MAX: usize = 60;
/// How far `next_opening` looks before answering "never".
pub const NEXT_OPENING_HORIZON_DAYS: i64 = 400;

/// Day keys as the API writes them, Monday first like `Schedule::days`.
pub const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const MINUTES_PER_DAY: u16 = 1440;

/// Minutes since local midnight, 0..=1440 (1440 = "24:00", only as an end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Minute(pub u16);

impl Minute {
    /// Exactly "HH:MM" from "00:00" to "24:00".
    pub fn parse(text: &str) -> Option<Minute> {
        let bytes = text.as_bytes();
        let [h1, h2, b':', m1, m2] = *bytes else {
            return None;
        };
        if ![h1, h2, m1, m2].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let hours = u16::from(h1 - b'0') * 10 + u16::from(h2 - b'0');
        let minutes = u16::from(m1 - b'0') * 10 + u16::from(m2 - b'0');
        let total = hours * 60 + minutes;
        (minutes < 60 && total <= MINUTES_PER_DAY).then_some(Minute(total))
    }

    /// "HH:MM", the form `parse` takes.
    pub fn hhmm(self) -> String {
        format!("{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// An opening interval within one local day: open from `start` (included) to `end` (excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub start: Minute,
    pub end: Minute,
}

impl Interval {
    fn contains(self, minute: u16) -> bool {
        self.start.0 <= minute && minute < self.end.0
    }
}

/// A yearly holiday: on this day-month its own intervals replace the weekday's (empty = closed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holiday {
    pub day: u8,
    pub month: u8,
    pub name: String,
    pub intervals: Vec<Interval>,
}

/// A campaign's checked opening hours.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub time_zone: TimeZone,
    /// The IANA name as the time zone database spells it.
    pub time_zone_name: String,
    /// Open around the clock; the weekly hours are kept for when it is switched off.
    pub always_open: bool,
    /// Monday first; each day's intervals sorted by start and not overlapping.
    pub days: [Vec<Interval>; 7],
    pub holidays: Vec<Holiday>,
}

/// The raw form as submitted (strings), e.g. deserialized from JSON by the server.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    pub time_zone: String,
    #[serde(default)]
    pub always_open: bool,
    #[serde(default)]
    pub days: BTreeMap<String, Vec<[String; 2]>>,
    #[serde(default)]
    pub holidays: Vec<HolidayInput>,
}

#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HolidayInput {
    pub date: String,
    pub name: String,
    #[serde(default)]
    pub intervals: Vec<[String; 2]>,
}

/// Checks and converts a submitted schedule, collecting every error.
///
/// Fields and codes: "time_zone" `invalid_time_zone` (not an IANA name); "days.<key>" `invalid`
/// (a key other than mon..sun); "days.mon.0.start" / ".end" `invalid_time` (not "HH:MM" within
/// 00:00..=24:00); "days.mon.0" `invalid_interval` (start not before end); "days.mon"
/// `too_many` (params max) and `overlap` (touching intervals are fine); "holidays" `too_many`;
/// "holidays.0.date" `invalid_date` (not a real "DD/MM"; 29/02 is) and `duplicate` (on the
/// later one); "holidays.0.name" `required` / `too_long`; holiday intervals as the days' under
/// "holidays.0.intervals". Missing day keys are closed days. Intervals come back sorted.
pub fn parse(input: &ScheduleInput) -> Result<Schedule, Invalid> {
    let mut invalid = Invalid::new();

    let zone = TimeZone::get(input.time_zone.trim()).ok();
    if zone.is_none() {
        invalid.add("time_zone", "invalid_time_zone");
    }

    let mut days: [Vec<Interval>; 7] = Default::default();
    for (key, slot) in DAY_KEYS.iter().zip(days.iter_mut()) {
        if let Some(raw) = input.days.get(*key) {
            *slot = parse_intervals(&mut invalid, &format!("days.{key}"), raw);
        }
    }
    for key in input.days.keys().filter(|k| !DAY_KEYS.contains(&k.as_str())) {
        invalid.add(&format!("days.{key}"), "invalid");
    }

    if input.holidays.len() > HOLIDAYS_MAX {
        invalid.add_with("holidays", "too_many", &[("max", HOLIDAYS_MAX as i64)]);
    }
    let mut holidays = Vec::with_capacity(input.holidays.len());
    let mut seen = HashSet::new();
    for (i, raw) in input.holidays.iter().enumerate() {
        let field = format!("holidays.{i}");
        let date = parse_day_month(raw.date.trim());
        match date {
            None => invalid.add(&format!("{field}.date"), "invalid_date"),
            Some(d) if !seen.insert(d) => invalid.add(&format!("{field}.date"), "duplicate"),
            Some(_) => {}
        }
        let name = invalid.text(&format!("{field}.name"), &raw.name, HOLIDAY_NAME_MAX);
        let intervals = parse_intervals(&mut invalid, &format!("{field}.intervals"), &raw.intervals);
        if let Some((day, month)) = date {
            holidays.push(Holiday { day, month, name, intervals });
        }
    }

    invalid.finish()?;
    let Some(time_zone) = zone else {
        return Err(Invalid::single("time_zone", "invalid_time_zone"));
    };
    let time_zone_name = time_zone.iana_name().unwrap_or(input.time_zone.trim()).to_owned();
    Ok(Schedule { time_zone, time_zone_name, always_open: input.always_open, days, holidays })
}

/// One day's intervals under `field` ("days.mon"); the valid ones, sorted by start.
fn parse_intervals(invalid: &mut Invalid, field: &str, raw: &[[String; 2]]) -> Vec<Interval> {
    if raw.len() > INTERVALS_PER_DAY_MAX {
        invalid.add_with(field, "too_many", &[("max", INTERVALS_PER_DAY_MAX as i64)]);
    }
    let mut intervals = Vec::with_capacity(raw.len());
    for (i, [start, end]) in raw.iter().enumerate() {
        let start_minute = Minute::parse(start.trim());
        let end_minute = Minute::parse(end.trim());
        if start_minute.is_none() {
            invalid.add(&format!("{field}.{i}.start"), "invalid_time");
        }
        if end_minute.is_none() {
            invalid.add(&format!("{field}.{i}.end"), "invalid_time");
        }
        if let (Some(start), Some(end)) = (start_minute, end_minute) {
            if start < end {
                intervals.push(Interval { start, end });
            } else {
                invalid.add(&format!("{field}.{i}"), "invalid_interval");
            }
        }
    }
    intervals.sort_by_key(|iv| (iv.start, iv.end));
    if intervals.windows(2).any(|pair| matches!(pair, [a, b] if b.start < a.end)) {
        invalid.add(field, "overlap");
    }
    intervals
}

/// Exactly "DD/MM", a day that exists in some year (so 29/02 counts).
fn parse_day_month(text: &str) -> Option<(u8, u8)> {
    let [d1, d2, b'/', m1, m2] = *text.as_bytes() else {
        return None;
    };
    if ![d1, d2, m1, m2].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let day = (d1 - b'0') * 10 + (d2 - b'0');
    let month = (m1 - b'0') * 10 + (m2 - b'0');
    // 2000 is a leap year, so every real day-month is a valid date in it.
    let (d, m) = (i8::try_from(day).ok()?, i8::try_from(month).ok()?);
    Date::new(2000, m, d).ok().map(|_| (day, month))
}

/// Back to the submitted form (for the API's answers), every day key present;
/// `parse(&to_input(s)) == Ok(s)` for any `s` that `parse` made.
pub fn to_input(s: &Schedule) -> ScheduleInput {
    let days = DAY_KEYS.iter().zip(&s.days).map(|(key, day)| ((*key).to_owned(), intervals_input(day))).collect();
    let holidays = s
        .holidays
        .iter()
        .map(|h| HolidayInput {
            date: format!("{:02}/{:02}", h.day, h.month),
            name: h.name.clone(),
            intervals: intervals_input(&h.intervals),
        })
        .collect();
    ScheduleInput { time_zone: s.time_zone_name.clone(), always_open: s.always_open, days, holidays }
}

fn intervals_input(intervals: &[Interval]) -> Vec<[String; 2]> {
    intervals.iter().map(|iv| [iv.start.hhmm(), iv.end.hhmm()]).collect()
}

/// The intervals that apply on a local date: its holiday's if it is one, else its weekday's.
fn intervals_on(s: &Schedule, date: Date) -> &[Interval] {
    let holiday =
        s.holidays.iter().find(|h| i8::try_from(h.day) == Ok(date.day()) && i8::try_from(h.month) == Ok(date.month()));
    match holiday {
        Some(h) => &h.intervals,
        None => {
            let index = usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0);
            s.days.get(index).map_or(&[], Vec::as_slice)
        }
    }
}

fn open_at_local(s: &Schedule, local: DateTime) -> bool {
    let minute = u16::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute())).unwrap_or(0);
    intervals_on(s, local.date()).iter().any(|iv| iv.contains(minute))
}

/// Open at this instant? Always-open schedules are; otherwise the local civil minute in the
/// zone must fall in one of the day's intervals (a holiday's replace the weekday's).
pub fn is_open(s: &Schedule, at: Ts) -> bool {
    s.always_open || open_at_local(s, s.time_zone.to_datetime(at.to_timestamp()))
}

/// The first instant >= `at` when it is open (`at` itself if open now); `None` if it does not
/// open within the next 400 days.
///
/// Being closed, it can only become open where the local clock reaches an interval's start
/// (both passes of a repeated hour) or where the zone's offset changes (the clock jumps over a
/// start into an interval, as with a start in a spring-forward gap, which thus opens at the
/// first instant after the gap). So only those instants are tried, in the local dates around
/// them, and the earliest that is open wins. An interval wholly inside a gap never opens.
pub fn next_opening(s: &Schedule, at: Ts) -> Option<Ts> {
    if is_open(s, at) {
        return Some(at);
    }
    let from = at.to_timestamp();
    let horizon = at.plus(SignedDuration::from_hours(NEXT_OPENING_HORIZON_DAYS * 24)).to_timestamp();
    let in_range = |t: Timestamp| from <= t && t <= horizon && is_open(s, Ts::from_timestamp(t));

    let mut best: Option<Timestamp> =
        s.time_zone.following(from).map(|tr| tr.timestamp()).take_while(|t| *t <= horizon).find(|t| in_range(*t));

    // A repeated hour can take the clock back to the previous date, so start a day early.
    let mut date = s.time_zone.to_datetime(from).date().yesterday().ok()?;
    for _ in 0..NEXT_OPENING_HORIZON_DAYS + 3 {
        if let Some(found) = best {
            // Instants of a date three days later are later than anything on `found`'s date,
            // whatever the offsets did in between.
            let found_date = s.time_zone.to_datetime(found).date();
            if found_date.checked_add(3.days()).is_ok_and(|limit| date > limit) {
                break;
            }
        }
        for iv in intervals_on(s, date) {
            for t in local_instants(&s.time_zone, date, iv.start) {
                if in_range(t) && best.is_none_or(|b| t < b) {
                    best = Some(t);
                }
            }
        }
        date = match date.tomorrow() {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    best.map(Ts::from_timestamp)
}

/// How far ahead `next_closing` looks.
pub const NEXT_CLOSING_HORIZON_DAYS: i64 = 8;

/// The first instant after `at` (or after the next opening, when closed now) at which it is
/// closed: where an attention day ends. `None` for always-open schedules, or when it stays
/// open for the whole horizon.
///
/// Stepping whole minutes is exact: intervals are whole local minutes and zone offsets are
/// whole minutes too; a week is about ten thousand cheap checks, done once per closing.
pub fn next_closing(s: &Schedule, at: Ts) -> Option<Ts> {
    if s.always_open {
        return None;
    }
    let start = if is_open(s, at) { at } else { next_opening(s, at)? };
    const MINUTE: i64 = 60_000_000;
    let first = (start.as_micros().div_euclid(MINUTE) + 1) * MINUTE;
    (0..NEXT_CLOSING_HORIZON_DAYS * 24 * 60).map(|i| Ts::from_micros(first + i * MINUTE)).find(|t| !is_open(s, *t))
}

/// The instants at which the local clock reads `minute` on `date`: none in a gap, two in a fold.
fn local_instants(tz: &TimeZone, date: Date, minute: Minute) -> Vec<Timestamp> {
    let (Ok(hour), Ok(min)) = (i8::try_from(minute.0 / 60), i8::try_from(minute.0 % 60)) else {
        return Vec::new();
    };
    let Ok(time) = Time::new(hour, min, 0, 0) else {
        return Vec::new();
    };
    let local = date.to_datetime(time);
    let offsets = match tz.to_ambiguous_timestamp(local).offset() {
        AmbiguousOffset::Unambiguous { offset } => vec![offset],
        AmbiguousOffset::Gap { .. } => Vec::new(),
        AmbiguousOffset::Fold { before, after } => vec![before, after],
    };
    offsets.into_iter().filter_map(|o| o.to_timestamp(local).ok()).collect()
}

#[cfg(test)]
mod tests;
