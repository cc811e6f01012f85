//! Calendar months, the one type a month has from the loader to the page: parsed from
//! `YYYY-MM`, ordered, counted, and printed back as `YYYY-MM`.

use std::fmt;

/// A calendar month, ordered; stored as months since January of year 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Month> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' || !s.is_char_boundary(4) {
            return None;
        }
        let year: i32 = s[..4].parse().ok()?;
        let month: i32 = s[5..].parse().ok()?;
        (s[..4].bytes().all(|c| c.is_ascii_digit()) && (1..=12).contains(&month))
            .then_some(Month(year * 12 + month - 1))
    }

    pub fn from_index(index: i32) -> Month {
        Month(index)
    }

    pub fn index(self) -> i32 {
        self.0
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1 = January.
    pub fn month(self) -> i32 {
        self.0.rem_euclid(12) + 1
    }

    pub fn plus(self, months: i32) -> Month {
        Month(self.0 + months)
    }

    /// Every month from this one to `last`, both included (none when `last` is earlier).
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        (self.0..=last.0).map(Month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_order_and_print() {
        let m = Month::parse("1938-10").expect("valid");
        assert_eq!(m.to_string(), "1938-10");
        assert_eq!(m.plus(3).to_string(), "1939-01");
        assert!(Month::parse("1938-09") < Month::parse("1938-10"));
        let december = Month::parse("1938-12").expect("valid");
        let listed: Vec<String> = m.through(december).map(|m| m.to_string()).collect();
        assert_eq!(listed, ["1938-10", "1938-11", "1938-12"]);
        assert_eq!(december.through(m).count(), 0);
        for bad in [
            "1938-13", "1938-00", "1938-1", "38-10", "1938/10", "+938-10", "1938-10x", "é938-10",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }
}
