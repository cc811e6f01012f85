//! `timeline.json`: the span the slider covers, and the figures that grow across it.
//!
//! # Units
//! A fractional month (`f64`, see [`Month::index`]) is how far playback has got:
//! `m.index() as f64 + 0.5` is the middle of month `m`.

use serde::Deserialize;

use crate::data::error::{LoadError, error};
use crate::data::json::from_json;
use crate::data::model::Atlas;
use crate::data::month::Month;
use crate::data::report::Report;
use crate::data::routes::ROUTES_FILE;
use crate::data::text::Localized;

pub const TIMELINE_FILE: &str = "timeline.json";

/// A total the source gives for a span of months (5,640 trains, October 1937 – February 1939),
/// shown growing as the slider crosses the span.
#[derive(Clone, Debug, PartialEq)]
pub struct Counter {
    pub id: String,
    /// The route the figure belongs to, if any.
    pub route: Option<String>,
    pub from: Month,
    pub to: Month,
    pub total: f64,
    /// Unit shown after the number (`km`), if any.
    pub unit: Option<String>,
    pub label: Localized,
    pub source: String,
    pub note: Option<Localized>,
    /// Sources of the note, where it reports a disagreement.
    pub note_sources: Vec<String>,
}

impl Counter {
    /// The figure reached at fractional month `at`, spreading the total evenly over the span
    /// (the sources give only totals): 0 before `from`, `total` from the end of `to` on.
    pub fn value_at(&self, at: f64) -> f64 {
        if !at.is_finite() {
            return 0.0;
        }
        let span = f64::from(self.to.index() - self.from.index() + 1);
        let elapsed = (at - f64::from(self.from.index())).clamp(0.0, span);
        self.total * elapsed / span
    }
}

/// The slider's span and the counters, from `timeline.json`.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub start: Month,
    pub end: Month,
    /// The last month the aid ran (`"aidEnds"`: 1941-06, Germany's attack on the Soviet Union);
    /// no route, leg or counter runs past it.
    pub aid_ends: Option<Month>,
    pub counters: Vec<Counter>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeline {
    range: RawRange,
    #[serde(rename = "aidEnds", default)]
    aid_ends: Option<Month>,
    #[serde(default)]
    counters: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    from: Month,
    to: Month,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawCounter {
    id: String,
    route: Option<String>,
    from: Month,
    to: Month,
    total: f64,
    unit: Option<String>,
    label: Localized,
    source: String,
    note: Option<Localized>,
    #[serde(default)]
    note_sources: Vec<String>,
}

/// Reads `timeline.json`; every problem is reported, naming the counter and the field.
pub(crate) fn read(text: &str, errors: &mut Report) -> Option<Timeline> {
    let file = TIMELINE_FILE;
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            errors.push(error(file, None, None, format!("not valid JSON: {e}")));
            return None;
        }
    };
    let raw: RawTimeline = match from_json(&value) {
        Ok(raw) => raw,
        Err((field, m)) => {
            errors.push(error(file, None, field, m));
            return None;
        }
    };
    let before = errors.len();
    let (start, end) = (raw.range.from, raw.range.to);
    if start > end {
        errors.push(error(
            file,
            None,
            Some("range".into()),
            format!("starts ({start}) after it ends ({end})"),
        ));
    }
    if let Some(m) = raw.aid_ends.filter(|m| *m < start || *m > end) {
        errors.push(error(
            file,
            None,
            Some("aidEnds".into()),
            format!("{m} is outside the range {start} to {end}"),
        ));
    }
    let mut counters = Vec::new();
    for (i, v) in raw.counters.iter().enumerate() {
        let label = v
            .get("id")
            .and_then(|x| x.as_str())
            .map_or_else(|| format!("#{i}"), str::to_owned);
        let c: RawCounter = match from_json(v) {
            Ok(c) => c,
            Err((field, m)) => {
                errors.push(error(file, Some(&label), field, m));
                continue;
            }
        };
        if !(c.total.is_finite() && c.total >= 0.0) {
            errors.push(error(
                file,
                Some(&label),
                Some("total".into()),
                "must be a number ≥ 0".into(),
            ));
        }
        if c.from > c.to {
            errors.push(error(
                file,
                Some(&label),
                Some("to".into()),
                format!("{} is before {}", c.to, c.from),
            ));
        }
        errors.text(file, &label, "label", &c.label);
        if let Some(note) = &c.note {
            errors.text(file, &label, "note", note);
        }
        counters.push(Counter {
            id: c.id,
            route: c.route,
            from: c.from,
            to: c.to,
            total: c.total,
            unit: c.unit,
            label: c.label,
            source: c.source,
            note: c.note,
            note_sources: c.note_sources,
        });
    }
    (errors.len() == before).then_some(Timeline {
        start,
        end,
        aid_ends: raw.aid_ends,
        counters,
    })
}

/// Reports every route, leg and counter that runs past the timeline's last month of aid,
/// naming the file, the feature and the period's `to`.
pub(crate) fn check_aid_ends(atlas: &Atlas, timeline: &Timeline, errors: &mut Vec<LoadError>) {
    let Some(last) = timeline.aid_ends else { return };
    let message =
        |to: Month| format!("runs to {to}, past the last month of the aid ({last}, \"aidEnds\" in {TIMELINE_FILE})");
    let features = atlas
        .routes
        .iter()
        .map(|r| (&r.id, &r.periods))
        .chain(atlas.legs.iter().map(|l| (&l.id, &l.periods)));
    for (id, periods) in features {
        for (i, p) in periods.iter().enumerate().filter(|(_, p)| p.to > last) {
            errors.push(error(
                ROUTES_FILE,
                Some(id),
                Some(format!("periods[{i}].to")),
                message(p.to),
            ));
        }
    }
    for c in timeline.counters.iter().filter(|c| c.to > last) {
        errors.push(error(TIMELINE_FILE, Some(&c.id), Some("to".into()), message(c.to)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::month::Month;

    /// The timeline of `text`, or every problem found.
    fn load(text: &str) -> Result<Timeline, Vec<LoadError>> {
        let mut errors = crate::data::report::Report::default();
        read(text, &mut errors).ok_or(errors.errors)
    }

    fn counter() -> Counter {
        Counter {
            id: "trains".into(),
            route: None,
            from: Month::parse("1937-10").expect("valid"),
            to: Month::parse("1939-02").expect("valid"),
            total: 5640.0,
            unit: None,
            label: Localized::en("trains"),
            source: "article".into(),
            note: None,
            note_sources: vec![],
        }
    }

    #[test]
    fn a_counter_grows_evenly_across_its_span_and_holds_its_total() {
        let c = counter();
        let start = f64::from(c.from.index());
        assert_eq!(c.value_at(start - 5.0), 0.0);
        assert_eq!(c.value_at(start), 0.0);
        // 17 months, October 1937 to February 1939 inclusive: the end of the first month is 1/17.
        assert!((c.value_at(start + 1.0) - 5640.0 / 17.0).abs() < 1e-9);
        assert_eq!(c.value_at(f64::from(c.to.index()) + 1.0), 5640.0);
        assert_eq!(c.value_at(start + 100.0), 5640.0);
        assert_eq!(c.value_at(f64::NAN), 0.0);
    }

    #[test]
    fn a_bad_counter_names_its_field() {
        let text = r#"{"range": {"from": "1937-07", "to": "1945-09"},
          "counters": [{"id": "trains", "from": "1937-10", "to": "1939-02", "total": "many",
                        "label": {"en": "Trains"}, "source": "article"}]}"#;
        let e = load(text).expect_err("invalid");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].feature.as_deref(), Some("trains"));
        assert_eq!(e[0].field.as_deref(), Some("total"));
        assert!(
            e[0].to_string()
                .starts_with("timeline.json: feature \"trains\": field \"total\": invalid type"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn a_range_out_of_order_is_rejected() {
        let e = load(r#"{"range": {"from": "1945-09", "to": "1937-07"}}"#).expect_err("invalid");
        assert!(
            e[0].to_string().contains("starts (1945-09) after it ends (1937-07)"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn nothing_runs_past_the_last_month_of_aid() {
        let set = crate::fixtures::set();
        let text = |ends: &str| {
            format!(
                r#"{{"range": {{"from": "1937-07", "to": "1945-09"}}, "aidEnds": "{ends}",
                  "counters": [{{"id": "wagons", "from": "1937-12", "to": "1938-12", "total": 1300,
                                 "label": {{"en": "Wagons"}}, "source": "T"}}]}}"#
            )
        };
        let check = |ends: &str| {
            let timeline = load(&text(ends)).expect("valid");
            let mut errors = crate::data::report::Report::default();
            check_aid_ends(&set.atlas, &timeline, &mut errors);
            errors.iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        assert_eq!(check("1941-06"), Vec::<String>::new());
        // The railway runs to 1940-06, the sea lane to 1941-06, the counter to 1938-12.
        assert_eq!(
            check("1940-03"),
            [
                "routes.geojson: feature \"rail\": field \"periods[1].to\": runs to 1940-06, past the last month of the aid (1940-03, \"aidEnds\" in timeline.json)",
                "routes.geojson: feature \"sea\": field \"periods[0].to\": runs to 1941-06, past the last month of the aid (1940-03, \"aidEnds\" in timeline.json)",
            ]
        );
        assert_eq!(check("1938-06").len(), 4, "{:?}", check("1938-06"));
        let e = load(&text("1950-01")).expect_err("outside the range");
        assert_eq!(
            e[0].to_string(),
            "timeline.json: field \"aidEnds\": 1950-01 is outside the range 1937-07 to 1945-09"
        );
    }
}
