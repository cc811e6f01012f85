//! What the page shows about the story (`map.events()`, the counters), in one language.

use crate::data::text::Localized;
use serde::Serialize;

use crate::data::events::{Event, EventState, Shape};
use crate::data::model::Atlas;
use crate::data::month::Month;
use crate::data::timeline::Timeline;
use crate::views::sources::{FigureDetails, SourceDetails};

/// One entry of `map.events()`, in one language.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventSummary {
    pub id: String,
    pub kind: String,
    pub date: String,
    pub month: Month,
    pub until: Month,
    pub date_text: Option<String>,
    pub title: String,
    pub text: String,
    pub note: Option<String>,
    pub place_note: Option<String>,
    /// `[lon, lat]` of each place it is shown at.
    pub places: Vec<[f64; 2]>,
    /// Each arrow's positions, first to last.
    pub arrows: Vec<Vec<[f64; 2]>>,
    /// Highlighted at the month shown.
    pub active: bool,
    pub figures: Vec<FigureDetails>,
    pub sources: Vec<SourceDetails>,
}

impl EventSummary {
    /// The texts of the card's first layer, before "More": the title, the date where it is
    /// worded ("Early 1938"), the text and the key figure (the first). The notes, the other
    /// figures and the sources are one tap away.
    pub fn first_layer(&self) -> Vec<&str> {
        let key = self.figures.first().map(|f| f.text.as_str());
        [
            Some(self.title.as_str()),
            self.date_text.as_deref(),
            Some(self.text.as_str()),
            key,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// A counter's figure at a moment of playback, with its label and source.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterValue {
    pub id: String,
    pub route: Option<String>,
    pub label: String,
    pub value: f64,
    pub total: f64,
    pub unit: Option<String>,
    pub from: Month,
    pub to: Month,
    pub source: SourceDetails,
    pub note: Option<String>,
}

/// Every event, in the order given (date order, as loaded), in `lang`, with whether it is
/// highlighted at `month` (`None`: the whole period, when none is).
pub fn event_summaries(atlas: &Atlas, events: &[Event], month: Option<Month>, lang: &str) -> Vec<EventSummary> {
    events
        .iter()
        .map(|e| EventSummary {
            id: e.id.clone(),
            kind: e.kind.clone(),
            date: e.date.clone(),
            month: e.month,
            until: e.until,
            date_text: Localized::get_opt(e.date_text.as_ref(), lang),
            title: e.title.get(lang).to_owned(),
            text: e.text.get(lang).to_owned(),
            note: Localized::get_opt(e.note.as_ref(), lang),
            place_note: Localized::get_opt(e.place_note.as_ref(), lang),
            places: match &e.shape {
                Shape::Points(p) => p.clone(),
                _ => Vec::new(),
            },
            arrows: match &e.shape {
                Shape::Arrows(a) => a.clone(),
                _ => Vec::new(),
            },
            active: e.state_at(month) == EventState::Active,
            figures: e.figures.iter().map(|f| FigureDetails::of(f, lang)).collect(),
            sources: SourceDetails::list(atlas, &e.sources, lang),
        })
        .collect()
}

/// The timeline's counters at fractional month `at` (see [`Month::index`]), in `lang`; none
/// without a timeline.
pub fn counters(atlas: &Atlas, timeline: Option<&Timeline>, lang: &str, at: f64) -> Vec<CounterValue> {
    let Some(t) = timeline else {
        return Vec::new();
    };
    t.counters
        .iter()
        .filter_map(|c| {
            let s = atlas.source(&c.source)?;
            Some(CounterValue {
                id: c.id.clone(),
                route: c.route.clone(),
                label: c.label.get(lang).to_owned(),
                value: c.value_at(at),
                total: c.total,
                unit: c.unit.clone(),
                from: c.from,
                to: c.to,
                source: SourceDetails::of(s, lang),
                note: Localized::get_opt(c.note.as_ref(), lang),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn month(s: &str) -> Month {
        Month::parse(s).expect("a month")
    }

    #[test]
    fn events_say_where_they_are_and_whether_they_are_highlighted() {
        let set = fixtures::set();
        let list = event_summaries(&set.atlas, &set.events, Some(month("1938-11")), "ru");
        assert_eq!(list.len(), 2);
        let (arrival, front) = (&list[0], &list[1]);
        assert_eq!(
            (arrival.id.as_str(), arrival.active, front.active),
            ("arrival", true, false)
        );
        assert_eq!(arrival.title, "Помощь в Юньнаньфу");
        assert_eq!(arrival.first_layer(), ["Помощь в Юньнаньфу", "Приходят первые поезда."]);
        assert_eq!((arrival.places.len(), arrival.arrows.len()), (1, 0));
        assert_eq!((front.places.len(), front.arrows.len()), (0, 1));
        assert_eq!(
            (arrival.until, arrival.sources[0].tag.as_str()),
            (month("1938-12"), "T")
        );
        let none = event_summaries(&set.atlas, &set.events, None, "en");
        assert!(
            none.iter().all(|e| !e.active),
            "nothing highlighted over the whole period"
        );
    }

    #[test]
    fn a_counter_grows_across_its_months_and_cites_its_source() {
        let set = fixtures::set();
        let at = |m: &str| f64::from(month(m).index());
        let c = counters(&set.atlas, set.timeline.as_ref(), "zh", at("1938-06"));
        assert_eq!(
            (c[0].label.as_str(), c[0].source.title.as_str()),
            ("车皮", "Test source")
        );
        // 13 months from December 1937; six of them are over at the start of June 1938.
        assert!((c[0].value - 600.0).abs() < 1e-9, "{}", c[0].value);
        assert_eq!(
            counters(&set.atlas, set.timeline.as_ref(), "en", at("1939-01"))[0].value,
            1300.0
        );
        assert!(counters(&set.atlas, None, "en", 0.0).is_empty());
    }
}
