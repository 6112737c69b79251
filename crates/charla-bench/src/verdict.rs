//! The one line each goal's verdict prints: `RESULT <bench> <goal> <sqlite|postgres>
//! <figure> <target> PASS|MISS`. Nothing else in the benches prints those words, so a
//! script can collect every verdict with `grep '^RESULT '`.

/// A goal's measured figure against its target, in one unit; lower is better.
pub struct Verdict<'a> {
    pub bench: &'a str,
    pub goal: &'a str,
    pub backend: &'a str,
    pub figure: f64,
    pub target: f64,
    /// Printed after both numbers, e.g. `ms`, `KB`, `%`.
    pub unit: &'a str,
}

impl Verdict<'_> {
    pub fn pass(&self) -> bool {
        self.figure.is_finite() && self.figure <= self.target
    }

    pub fn line(&self) -> String {
        format!(
            "RESULT {} {} {} {:.1}{} {:.1}{} {}",
            self.bench,
            self.goal,
            self.backend,
            self.figure,
            self.unit,
            self.target,
            self.unit,
            if self.pass() { "PASS" } else { "MISS" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_verdict() {
        let v = Verdict { bench: "realtime", goal: "p99", backend: "sqlite", figure: 42.04, target: 100.0, unit: "ms" };
        assert_eq!(v.line(), "RESULT realtime p99 sqlite 42.0ms 100.0ms PASS");
        let miss = Verdict { figure: 100.5, ..v };
        assert!(miss.line().ends_with(" MISS"));
        assert!(!Verdict { figure: f64::NAN, ..miss }.pass(), "no figure is never a pass");
    }
}
