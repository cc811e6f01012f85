//! Calendar months, the one type a month has from the loader to the page: parsed from
//! `YYYY-MM` (also through serde), ordered, counted, and printed back as `YYYY-MM`.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month, ordered; stored as months since January of year 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    /// Parses `YYYY-MM`: four digits, a hyphen, two digits from 01 to 12.
    ///
    /// # Examples
    ///
    /// ```
    /// use supply_routes::data::month::Month;
    /// // The fall of Canton: October 1938, 1938 × 12 + 9 months after January of year 0.
    /// let canton = Month::parse("1938-10").expect("a month");
    /// assert_eq!((canton.year(), canton.month(), canton.index()), (1938, 10, 23_265));
    /// assert_eq!(canton.plus(3).to_string(), "1939-01");
    /// assert_eq!(Month::parse("1938-13"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Month> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 7 || b[4] != b'-' || !digits(0..4) || !digits(5..7) {
            return None;
        }
        let year: i32 = s[..4].parse().ok()?;
        let month: i32 = s[5..].parse().ok()?;
        (1..=12).contains(&month).then_some(Month(year * 12 + month - 1))
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

/// As `YYYY-MM`: the page reads months as the geodata writes them.
impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// From `YYYY-MM`, with the loader's message for anything else.
impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse(&s).ok_or_else(|| D::Error::custom(format!("expected a month \"YYYY-MM\", found {s:?}")))
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

    #[test]
    fn months_cross_serde_as_yyyy_mm() {
        let m: Month = serde_json::from_str("\"1941-06\"").expect("a month");
        assert_eq!(serde_json::to_string(&m).expect("serializes"), "\"1941-06\"");
        let e = serde_json::from_str::<Month>("\"June 1941\"").expect_err("not a month");
        assert!(
            e.to_string()
                .starts_with("expected a month \"YYYY-MM\", found \"June 1941\""),
            "{e}"
        );
    }
}
