//! The days a report covers: `from` and `to`, inclusive, in the organization's zone.

use jiff::civil::Date;

use crate::validation::Invalid;

/// The longest report: a year and a day, so "the same day last year" always fits.
pub const MAX_DAYS: i64 = 366;

/// Both dates (`YYYY-MM-DD`), `from` not after `to`, at most [`MAX_DAYS`] days.
pub fn report_period(from: Option<&str>, to: Option<&str>) -> Result<(Date, Date), Invalid> {
    let mut invalid = Invalid::new();
    let mut date = |field: &str, value: Option<&str>| match value.map(str::trim) {
        None | Some("") => {
            invalid.add(field, "required");
            None
        }
        Some(text) => text.parse::<Date>().ok().or_else(|| {
            invalid.add(field, "invalid");
            None
        }),
    };
    let (from, to) = (date("from", from), date("to", to));
    if let (Some(from), Some(to)) = (from, to) {
        let days = from.until(to).map(|span| span.get_days()).unwrap_or(i32::MAX);
        if to < from {
            invalid.add("to", "invalid_period");
        } else if i64::from(days) >= MAX_DAYS {
            invalid.add_with("to", "period_too_long", &[("max", MAX_DAYS)]);
        }
    }
    invalid.finish()?;
    match (from, to) {
        (Some(from), Some(to)) => Ok((from, to)),
        _ => Err(Invalid::single("from", "required")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn codes(result: Result<(Date, Date), Invalid>) -> Vec<(String, &'static str)> {
        result.unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_valid_period() {
        let (from, to) = report_period(Some("2026-03-01"), Some("2026-03-31")).unwrap();
        assert_eq!((from.to_string(), to.to_string()), ("2026-03-01".to_owned(), "2026-03-31".to_owned()));
        assert!(report_period(Some("2026-03-01"), Some("2026-03-01")).is_ok(), "one day");
        assert!(report_period(Some("2025-03-01"), Some("2026-03-01")).is_ok(), "366 days");
    }

    #[test]
    fn refusals() {
        assert_eq!(codes(report_period(None, Some(""))), vec![("from".into(), "required"), ("to".into(), "required")]);
        assert_eq!(
            codes(report_period(Some("2026-02-30"), Some("x"))),
            vec![("from".into(), "invalid"), ("to".into(), "invalid")]
        );
        assert_eq!(codes(report_period(Some("2026-03-02"), Some("2026-03-01"))), vec![("to".into(), "invalid_period")]);
        assert_eq!(
            codes(report_period(Some("2025-03-01"), Some("2026-03-02"))),
            vec![("to".into(), "period_too_long")]
        );
    }
}
