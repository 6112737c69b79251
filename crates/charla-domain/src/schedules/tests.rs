//! Schedules: examples and properties against a minute-by-minute reference.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use proptest::prelude::*;

fn ts(text: &str) -> Ts {
    Ts::from_timestamp(text.parse().unwrap())
}

fn iv(start: &str, end: &str) -> [String; 2] {
    [start.to_owned(), end.to_owned()]
}

fn input(zone: &str, days: &[(&str, Vec<[String; 2]>)], holidays: Vec<HolidayInput>) -> ScheduleInput {
    ScheduleInput {
        time_zone: zone.to_owned(),
        always_open: false,
        days: days.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
        holidays,
    }
}

fn holiday(date: &str, name: &str, intervals: Vec<[String; 2]>) -> HolidayInput {
    HolidayInput { date: date.to_owned(), name: name.to_owned(), intervals }
}

fn codes(invalid: &Invalid) -> Vec<(String, &'static str)> {
    invalid.0.iter().map(|e| (e.field.clone(), e.code)).collect()
}

fn weekdays(hours: Vec<[String; 2]>) -> Vec<(&'static str, Vec<[String; 2]>)> {
    ["mon", "tue", "wed", "thu", "fri"].into_iter().map(|d| (d, hours.clone())).collect()
}

#[test]
fn minutes() {
    assert_eq!(Minute::parse("00:00"), Some(Minute(0)));
    assert_eq!(Minute::parse("08:30"), Some(Minute(510)));
    assert_eq!(Minute::parse("24:00"), Some(Minute(1440)));
    for bad in ["24:01", "8:00", "08:60", "25:00", "08-00", "", "0800", "08:00:00", "+8:00", "ab:cd"] {
        assert_eq!(Minute::parse(bad), None, "{bad}");
    }
    assert_eq!(Minute(1440).hhmm(), "24:00");
    assert_eq!(Minute(65).hhmm(), "01:05");
}

#[test]
fn parses_the_contract_json() {
    let json = r#"{"time_zone": "America/Bogota", "always_open": false,
        "days": {"mon": [["08:00","12:00"],["14:00","18:00"]], "sun": []},
        "holidays": [{"date": "25/12", "name": "Navidad", "intervals": []}]}"#;
    let raw: ScheduleInput = serde_json::from_str(json).unwrap();
    let s = parse(&raw).unwrap();
    assert_eq!(s.time_zone_name, "America/Bogota");
    assert_eq!(
        s.days[0],
        vec![Interval { start: Minute(480), end: Minute(720) }, Interval { start: Minute(840), end: Minute(1080) }]
    );
    assert!(s.days[1..].iter().all(Vec::is_empty));
    assert_eq!(s.holidays, vec![Holiday { day: 25, month: 12, name: "Navidad".into(), intervals: vec![] }]);
    let back = to_input(&s);
    assert_eq!(back.days.len(), 7);
    assert_eq!(back.days["mon"], vec![iv("08:00", "12:00"), iv("14:00", "18:00")]);
    assert_eq!(back.holidays[0].date, "25/12");
    assert_eq!(parse(&back).unwrap(), s);
    let minimal: ScheduleInput = serde_json::from_str(r#"{"time_zone": "UTC"}"#).unwrap();
    assert!(parse(&minimal).unwrap().days.iter().all(Vec::is_empty));
}

#[test]
fn parse_sorts_and_allows_touching_intervals() {
    let raw = input("Europe/Madrid", &[("tue", vec![iv("12:00", "14:00"), iv(" 08:00 ", "12:00")])], vec![]);
    let s = parse(&raw).unwrap();
    assert_eq!(s.days[1][0].start, Minute(480));
    assert_eq!(s.days[1][1].end, Minute(840));
}

#[test]
fn parse_errors() {
    let raw = input(
        "Mars/Olympus",
        &[
            ("mon", vec![iv("8:00", "24:01"), iv("12:00", "10:00"), iv("09:00", "09:00")]),
            ("tue", vec![iv("08:00", "09:00"), iv("09:00", "10:00"), iv("10:00", "11:00"), iv("11:00", "12:00")]),
            ("wed", vec![iv("08:00", "12:00"), iv("11:00", "13:00")]),
            ("sat", vec![iv("24:00", "24:00")]),
            ("monday", vec![]),
        ],
        vec![
            holiday("25/12", "Navidad", vec![]),
            holiday("31/04", "", vec![iv("10:00", "09:00")]),
            holiday("25/12", &"x".repeat(61), vec![iv("08:00", "10:00"), iv("09:00", "aa")]),
            holiday("29/02", "Bisiesto", vec![iv("08:00", "10:00"), iv("09:00", "11:00")]),
            holiday("1/1", "Año nuevo", vec![]),
        ],
    );
    let err = parse(&raw).unwrap_err();
    assert_eq!(
        codes(&err),
        vec![
            ("time_zone".to_owned(), "invalid_time_zone"),
            ("days.mon.0.start".to_owned(), "invalid_time"),
            ("days.mon.0.end".to_owned(), "invalid_time"),
            ("days.mon.1".to_owned(), "invalid_interval"),
            ("days.mon.2".to_owned(), "invalid_interval"),
            ("days.tue".to_owned(), "too_many"),
            ("days.wed".to_owned(), "overlap"),
            ("days.sat.0".to_owned(), "invalid_interval"),
            ("days.monday".to_owned(), "invalid"),
            ("holidays.1.date".to_owned(), "invalid_date"),
            ("holidays.1.name".to_owned(), "required"),
            ("holidays.1.intervals.0".to_owned(), "invalid_interval"),
            ("holidays.2.date".to_owned(), "duplicate"),
            ("holidays.2.name".to_owned(), "too_long"),
            ("holidays.2.intervals.1.end".to_owned(), "invalid_time"),
            ("holidays.3.intervals".to_owned(), "overlap"),
            ("holidays.4.date".to_owned(), "invalid_date"),
        ]
    );
    assert_eq!(err.0[5].params["max"], 3);
    assert_eq!(err.0[13].params["max"], 60);

    let many = (0..=HOLIDAYS_MAX).map(|i| holiday(&format!("{:02}/{:02}", i % 28 + 1, i / 28 + 1), "H", vec![]));
    let err = parse(&input("UTC", &[], many.collect())).unwrap_err();
    assert_eq!(codes(&err), vec![("holidays".to_owned(), "too_many")]);
    assert_eq!(err.0[0].params["max"], 100);
    assert_eq!(
        codes(&parse(&input(" ", &[], vec![])).unwrap_err()),
        vec![("time_zone".to_owned(), "invalid_time_zone")]
    );
}

#[test]
fn bogota_weekday_hours() {
    let s =
        parse(&input("America/Bogota", &weekdays(vec![iv("08:00", "12:00"), iv("14:00", "18:00")]), vec![])).unwrap();
    // 2026-03-04 is a Wednesday; Bogotá is UTC-5 all year.
    assert!(!is_open(&s, ts("2026-03-04T12:59:59Z")));
    assert!(is_open(&s, ts("2026-03-04T13:00:00Z")));
    assert!(is_open(&s, ts("2026-03-04T16:59:59Z")));
    assert!(!is_open(&s, ts("2026-03-04T17:00:00Z")));
    assert!(is_open(&s, ts("2026-03-04T19:00:00Z")));
    assert!(!is_open(&s, ts("2026-03-04T23:00:00Z")));
    assert_eq!(next_opening(&s, ts("2026-03-04T17:30:00Z")), Some(ts("2026-03-04T19:00:00Z")));
    assert_eq!(next_opening(&s, ts("2026-03-04T15:00:00Z")), Some(ts("2026-03-04T15:00:00Z")));
    // Friday evening to Monday morning.
    assert_eq!(next_opening(&s, ts("2026-03-06T23:30:00Z")), Some(ts("2026-03-09T13:00:00Z")));
    let always = Schedule { always_open: true, days: Default::default(), ..s.clone() };
    assert!(is_open(&always, ts("2026-03-08T03:00:00Z")));
    assert_eq!(next_opening(&always, ts("2026-03-08T03:00:00Z")), Some(ts("2026-03-08T03:00:00Z")));
    let never = Schedule { days: Default::default(), ..s };
    assert_eq!(next_opening(&never, ts("2026-03-08T03:00:00Z")), None);
}

#[test]
fn bogota_holidays() {
    let s = parse(&input(
        "America/Bogota",
        &weekdays(vec![iv("08:00", "18:00")]),
        vec![holiday("24/12", "Nochebuena", vec![iv("09:00", "12:00")]), holiday("25/12", "Navidad", vec![])],
    ))
    .unwrap();
    // 2026-12-24 is a Thursday, the 25th a Friday.
    assert!(!is_open(&s, ts("2026-12-24T13:30:00Z")));
    assert!(is_open(&s, ts("2026-12-24T14:00:00Z")));
    assert!(!is_open(&s, ts("2026-12-24T17:00:00Z")));
    assert!(!is_open(&s, ts("2026-12-25T15:00:00Z")));
    assert!(is_open(&s, ts("2026-12-23T22:00:00Z")));
    assert_eq!(next_opening(&s, ts("2026-12-24T12:00:00Z")), Some(ts("2026-12-24T14:00:00Z")));
    assert_eq!(next_opening(&s, ts("2026-12-24T18:00:00Z")), Some(ts("2026-12-28T13:00:00Z")));
}

#[test]
fn overnight_is_continuous() {
    let s = parse(&input(
        "America/Bogota",
        &[("fri", vec![iv("20:00", "24:00")]), ("sat", vec![iv("00:00", "02:00")])],
        vec![],
    ))
    .unwrap();
    // Friday 2026-03-06 23:59:59.999999 local, then Saturday 00:00.
    let before_midnight = Ts::from_micros(ts("2026-03-07T05:00:00Z").as_micros() - 1);
    assert!(is_open(&s, before_midnight));
    assert!(is_open(&s, ts("2026-03-07T05:00:00Z")));
    assert!(is_open(&s, ts("2026-03-07T06:59:00Z")));
    assert!(!is_open(&s, ts("2026-03-07T07:00:00Z")));
    assert_eq!(next_opening(&s, before_midnight), Some(before_midnight));
    assert_eq!(next_opening(&s, ts("2026-03-06T20:00:00Z")), Some(ts("2026-03-07T01:00:00Z")));
    assert_eq!(next_opening(&s, ts("2026-03-07T07:00:00Z")), Some(ts("2026-03-14T01:00:00Z")));
}

#[test]
fn new_york_spring_forward() {
    // 2026-03-08 (Sunday) 02:00 EST jumps to 03:00 EDT at 07:00Z.
    let s = parse(&input(
        "America/New_York",
        &[("sun", vec![iv("02:30", "05:00")]), ("mon", vec![iv("09:00", "17:00")])],
        vec![],
    ))
    .unwrap();
    assert!(!is_open(&s, ts("2026-03-08T06:59:59Z")));
    assert!(is_open(&s, ts("2026-03-08T07:00:00Z")));
    assert!(!is_open(&s, ts("2026-03-08T09:00:00Z")));
    // Saturday evening: opens at the first instant after the gap.
    assert_eq!(next_opening(&s, ts("2026-03-08T01:00:00Z")), Some(ts("2026-03-08T07:00:00Z")));
    // Sunday after closing: Monday 09:00 EDT.
    assert_eq!(next_opening(&s, ts("2026-03-08T09:00:00Z")), Some(ts("2026-03-09T13:00:00Z")));
    // Saturday evening to Monday when Sunday is closed.
    let mut sunday_closed = s.clone();
    sunday_closed.days[6].clear();
    assert_eq!(next_opening(&sunday_closed, ts("2026-03-08T01:00:00Z")), Some(ts("2026-03-09T13:00:00Z")));
    // An interval wholly inside the gap never opens that day.
    let in_gap = parse(&input("America/New_York", &[("sun", vec![iv("02:15", "02:45")])], vec![])).unwrap();
    assert_eq!(next_opening(&in_gap, ts("2026-03-08T01:00:00Z")), Some(ts("2026-03-15T06:15:00Z")));
}

#[test]
fn new_york_fall_back() {
    // 2026-11-01 (Sunday) 02:00 EDT goes back to 01:00 EST at 06:00Z.
    let s = parse(&input("America/New_York", &[("sun", vec![iv("01:00", "01:30")])], vec![])).unwrap();
    assert_eq!(next_opening(&s, ts("2026-11-01T01:00:00Z")), Some(ts("2026-11-01T05:00:00Z")));
    assert!(is_open(&s, ts("2026-11-01T05:29:00Z")));
    assert!(!is_open(&s, ts("2026-11-01T05:30:00Z")));
    // Between the two passes: the second 01:00.
    assert_eq!(next_opening(&s, ts("2026-11-01T05:45:00Z")), Some(ts("2026-11-01T06:00:00Z")));
    // The clock jumping back into an interval opens it at the jump.
    let mid = parse(&input("America/New_York", &[("sun", vec![iv("00:30", "01:30")])], vec![])).unwrap();
    assert_eq!(next_opening(&mid, ts("2026-11-01T05:45:00Z")), Some(ts("2026-11-01T06:00:00Z")));
}

#[test]
fn sao_paulo_midnight_gap() {
    // 2018-11-04 (Sunday) 00:00 -03 jumped to 01:00 -02 at 03:00Z: Sunday's 00:00 did not exist.
    let s = parse(&input("America/Sao_Paulo", &[("sun", vec![iv("00:00", "02:00")])], vec![])).unwrap();
    assert_eq!(next_opening(&s, ts("2018-11-03T20:00:00Z")), Some(ts("2018-11-04T03:00:00Z")));
    assert!(is_open(&s, ts("2018-11-04T03:00:00Z")));
    assert!(!is_open(&s, ts("2018-11-04T02:59:59Z")));
}

// ---- property tests against a brute-force reference ----

const ZONES: [&str; 6] =
    ["America/New_York", "America/Sao_Paulo", "America/Bogota", "Europe/Madrid", "Pacific/Auckland", "UTC"];

/// Independent of the module: local civil time via jiff, then the intervals by hand.
#[test]
fn closings() {
    let day = vec![iv("08:00", "18:00")];
    let s = parse(&input("America/Bogota", &weekdays(day), vec![holiday("03/03", "Cerrado", vec![])])).unwrap();
    // Monday 09:00 in Bogotá: closes at 18:00 (23:00 UTC).
    assert_eq!(next_closing(&s, ts("2026-03-02T14:00:00Z")), Some(ts("2026-03-02T23:00:00Z")));
    // Closed Monday night, Tuesday is a holiday: the next attention is Wednesday's.
    assert_eq!(next_closing(&s, ts("2026-03-03T02:00:00Z")), Some(ts("2026-03-04T23:00:00Z")));
    // An interval to 24:00 followed by one from 00:00 is one stretch.
    let night =
        parse(&input("UTC", &[("mon", vec![iv("20:00", "24:00")]), ("tue", vec![iv("00:00", "06:00")])], vec![]))
            .unwrap();
    assert_eq!(next_closing(&night, ts("2026-03-02T21:00:00Z")), Some(ts("2026-03-03T06:00:00Z")));
    let always = parse(&ScheduleInput { always_open: true, ..input("UTC", &[], vec![]) }).unwrap();
    assert_eq!(next_closing(&always, ts("2026-03-02T21:00:00Z")), None);
}

fn reference_open(s: &Schedule, t: Timestamp) -> bool {
    if s.always_open {
        return true;
    }
    let local = t.to_zoned(s.time_zone.clone());
    let minute = local.hour() as u16 * 60 + local.minute() as u16;
    let (day, month) = (local.day() as u8, local.month() as u8);
    let intervals = match s.holidays.iter().find(|h| h.day == day && h.month == month) {
        Some(h) => &h.intervals,
        None => &s.days[local.weekday().to_monday_zero_offset() as usize],
    };
    intervals.iter().any(|iv| iv.start.0 <= minute && minute < iv.end.0)
}

/// 0..=3 sorted, non-overlapping intervals on a 15-minute grid (touching allowed).
fn day_strategy() -> impl Strategy<Value = Vec<[String; 2]>> {
    prop::collection::vec(0u16..=96, 0..=6).prop_map(|mut cuts| {
        cuts.sort_unstable();
        cuts.dedup();
        cuts.chunks_exact(2).map(|pair| [Minute(pair[0] * 15).hhmm(), Minute(pair[1] * 15).hhmm()]).collect::<Vec<_>>()
    })
}

fn schedule_strategy() -> impl Strategy<Value = ScheduleInput> {
    let holidays = (
        prop_oneof![Just((8u8, 3u8)), Just((1, 11)), Just((29, 3)), Just((5, 4)), (1u8..=28, 1u8..=12)],
        day_strategy(),
    )
        .prop_map(|((day, month), intervals)| holiday(&format!("{day:02}/{month:02}"), "Feriado", intervals));
    (
        prop::sample::select(&ZONES[..]),
        prop::bool::weighted(0.05),
        prop::collection::vec(day_strategy(), 7),
        prop::collection::vec(holidays, 0..=3),
    )
        .prop_map(|(zone, always_open, days, holidays)| {
            let mut seen = HashSet::new();
            let holidays = holidays.into_iter().filter(|h| seen.insert(h.date.clone())).collect();
            ScheduleInput {
                time_zone: zone.to_owned(),
                always_open,
                days: DAY_KEYS.iter().map(|k| (*k).to_owned()).zip(days).collect(),
                holidays,
            }
        })
}

/// Instants in 2026, half of them within three days of a DST change of one of the zones.
fn instant_strategy() -> impl Strategy<Value = Ts> {
    let year_start = ts("2026-01-01T00:00:00Z").as_micros();
    let changes = [
        "2026-03-08T07:00:00Z",
        "2026-11-01T06:00:00Z",
        "2026-03-29T01:00:00Z",
        "2026-10-25T01:00:00Z",
        "2026-04-04T14:00:00Z",
        "2026-09-26T14:00:00Z",
    ]
    .map(|t| ts(t).as_micros());
    const SECOND: i64 = 1_000_000;
    let day = 86_400 * SECOND;
    prop_oneof![
        (0..365 * 86_400i64).prop_map(move |s| Ts::from_micros(year_start + s * SECOND)),
        (prop::sample::select(changes.to_vec()), -3 * 86_400..3 * 86_400i64)
            .prop_map(move |(c, s)| Ts::from_micros(c + s * SECOND)),
        // Whole minutes too, as the edges fall on them.
        (prop::sample::select(changes.to_vec()), -3 * 1440..3 * 1440i64)
            .prop_map(move |(c, m)| Ts::from_micros(c + m * 60 * SECOND)),
    ]
    .prop_map(move |t| Ts::from_micros(t.as_micros().clamp(year_start, year_start + 365 * day)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn round_trips(raw in schedule_strategy()) {
        let s = parse(&raw).unwrap();
        prop_assert_eq!(parse(&to_input(&s)).unwrap(), s);
    }

    #[test]
    fn is_open_matches_reference(raw in schedule_strategy(), at in instant_strategy()) {
        let s = parse(&raw).unwrap();
        let t = at.to_timestamp();
        prop_assert_eq!(is_open(&s, at), reference_open(&s, t));
        // Also the minute edges around it.
        for k in -3i64..=3 {
            let edge = Ts::from_micros((at.as_micros().div_euclid(60_000_000) + k) * 60_000_000);
            prop_assert_eq!(is_open(&s, edge), reference_open(&s, edge.to_timestamp()));
        }
    }

    #[test]
    fn next_opening_matches_brute_force(raw in schedule_strategy(), at in instant_strategy()) {
        let s = parse(&raw).unwrap();
        let any_interval = s.always_open
            || s.days.iter().any(|d| !d.is_empty())
            || s.holidays.iter().any(|h| !h.intervals.is_empty());
        let got = next_opening(&s, at);
        if !any_interval {
            prop_assert_eq!(got, None);
            return Ok(());
        }
        let minute = 60_000_000i64;
        let bound = at.as_micros() + 8 * 1440 * minute;
        let expected = if reference_open(&s, at.to_timestamp()) {
            Some(at)
        } else {
            let first = at.as_micros().div_euclid(minute) * minute + minute;
            (0..=8 * 1440i64)
                .map(|k| Ts::from_micros(first + k * minute))
                .take_while(|t| t.as_micros() <= bound)
                .find(|t| reference_open(&s, t.to_timestamp()))
        };
        match expected {
            Some(e) => prop_assert_eq!(got, Some(e)),
            None => prop_assert!(got.is_none_or(|g| g.as_micros() > bound), "{got:?} within 8 days"),
        }
    }
}
