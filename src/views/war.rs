//! What the page shows about the war (issue 21), in one language: `map.occupied()`, a held
//! city's card, the period's labels and the chapters (`map.chapters()`).

use crate::data::text::Localized;
use serde::Serialize;

use crate::data::chapters::Chapter;
use crate::data::model::Atlas;
use crate::data::month::Month;
use crate::data::occupied::{Held, HeldKind, HeldShape, PeriodState};
use crate::views::sources::SourceDetails;

/// What is drawn at the month shown, `map.occupied()`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OccupiedView {
    pub places: Vec<HeldPlace>,
    pub lines: Vec<HeldLine>,
    pub areas: Vec<HeldArea>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeldPlace {
    pub id: String,
    pub name: String,
    pub since: Month,
    pub until: Option<Month>,
    pub sources: Vec<String>,
    /// `[lon, lat]`.
    pub coordinates: [f64; 2],
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeldLine {
    pub id: String,
    /// `railway` or `blockade`.
    pub kind: &'static str,
    pub name: String,
    pub since: Month,
    pub until: Option<Month>,
    pub coordinates: Vec<[f64; 2]>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeldArea {
    pub id: String,
    pub name: String,
    pub since: Month,
    pub until: Option<Month>,
    pub approximate: bool,
}

/// What is held at `month`, or `None` over the whole period (nothing is drawn then).
pub fn occupied(held: &[Held], month: Option<Month>, lang: &str) -> Option<OccupiedView> {
    let m = month?;
    let mut view = OccupiedView::default();
    for h in held.iter().filter(|h| h.held_at(m)) {
        let (id, name, since, until) = (h.id.clone(), h.name.get(lang).to_owned(), h.since, h.until);
        match (&h.shape, h.kind) {
            (HeldShape::Point(p), _) => view.places.push(HeldPlace {
                id,
                name,
                since,
                until,
                sources: h.sources.clone(),
                coordinates: *p,
            }),
            (HeldShape::Line(line), kind) => view.lines.push(HeldLine {
                id,
                kind: kind.as_str(),
                name,
                since,
                until,
                coordinates: line.clone(),
            }),
            (HeldShape::Area(_), _) => view.areas.push(HeldArea {
                id,
                name,
                since,
                until,
                approximate: h.approximate,
            }),
        }
    }
    Some(view)
}

/// A held item's card: when it fell (and was lost), how it is drawn, its sources.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldDetails {
    pub id: String,
    pub kind: &'static str,
    pub name: String,
    /// The short form for a map label ("Peiping"), where the name has a bracket.
    pub label: Option<String>,
    pub since: Month,
    pub until: Option<Month>,
    pub approximate: bool,
    pub note: Option<String>,
    pub method: Option<String>,
    pub place: Option<String>,
    pub event: Option<String>,
    pub sources: Vec<SourceDetails>,
}

pub fn held_details(atlas: &Atlas, h: &Held, lang: &str) -> HeldDetails {
    HeldDetails {
        id: h.id.clone(),
        kind: h.kind.as_str(),
        name: h.name.get(lang).to_owned(),
        label: Localized::get_opt(h.label.as_ref(), lang),
        since: h.since,
        until: h.until,
        approximate: h.approximate,
        note: Localized::get_opt(h.note.as_ref(), lang),
        method: Localized::get_opt(h.method.as_ref(), lang),
        place: h.place.clone(),
        event: h.event.clone(),
        sources: SourceDetails::list(atlas, &h.sources, lang),
    }
}

/// A label of the period's map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodLabel {
    pub id: String,
    pub kind: String,
    pub rank: u8,
    pub name: String,
    /// `[lon, lat]` of each anchor.
    pub anchors: Vec<[f64; 2]>,
}

pub fn period_label(s: &PeriodState, lang: &str) -> PeriodLabel {
    PeriodLabel {
        id: s.id.clone(),
        kind: s.kind.clone(),
        rank: s.rank,
        name: s.name.get(lang).to_owned(),
        anchors: s.anchors.clone(),
    }
}

/// One entry of `map.chapters()`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChapterView {
    pub id: String,
    pub title: String,
    pub text: String,
    pub month: Option<Month>,
    pub routes: Vec<String>,
    pub events: Vec<String>,
    /// `[west, south, east, north]`.
    pub frame: [f64; 4],
    pub labels: Vec<ChapterLabelView>,
    pub sources: Vec<SourceDetails>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChapterLabelView {
    pub id: String,
    pub event: Option<String>,
    pub name: String,
    pub coordinates: [f64; 2],
}

pub fn chapters(atlas: &Atlas, chapters: &[Chapter], lang: &str) -> Vec<ChapterView> {
    chapters
        .iter()
        .map(|c| ChapterView {
            id: c.id.clone(),
            title: c.title.get(lang).to_owned(),
            text: c.text.get(lang).to_owned(),
            month: c.month,
            routes: c.routes.clone(),
            events: c.events.clone(),
            frame: c.frame,
            labels: c
                .labels
                .iter()
                .map(|l| ChapterLabelView {
                    id: l.id.clone(),
                    event: l.event.clone(),
                    name: l.name.get(lang).to_owned(),
                    coordinates: l.at,
                })
                .collect(),
            sources: SourceDetails::list(atlas, &c.sources, lang),
        })
        .collect()
}

/// Whether a held item is a city (the kind a visitor taps).
pub fn is_city(h: &Held) -> bool {
    h.kind == HeldKind::City
}
