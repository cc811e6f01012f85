//! What the page shows about routes and places, resolved into one language. These values cross
//! to JavaScript through serde; lengths are the core's geodesic figures, unrounded.

use serde::Serialize;

use crate::measure::geodesic_length_m;
use crate::model::{Atlas, Documented, LengthUnit, Mode, Period};
use crate::story::RouteStatus;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegSummary {
    pub id: String,
    pub from: String,
    pub to: String,
    pub from_id: String,
    pub to_id: String,
    pub mode: Mode,
    pub length_km: f64,
    /// Nautical miles, for sea legs only.
    pub length_nm: Option<f64>,
    pub coordinates: Vec<[f64; 2]>,
    /// Open at the month shown (always, when the map shows the whole period).
    pub active: bool,
    /// First and last month it ran, and each period.
    pub period: Option<Period>,
    pub periods: Vec<Period>,
}

/// One entry of `map.routes()`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteSummary {
    pub id: String,
    pub name: String,
    pub length_km: f64,
    /// Set when every leg is at sea.
    pub length_nm: Option<f64>,
    pub modes: Vec<Mode>,
    pub periods: Vec<Period>,
    pub legs: Vec<LegSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegDetails {
    pub id: String,
    pub from: String,
    pub from_modern: Option<String>,
    pub to: String,
    pub to_modern: Option<String>,
    pub mode: Mode,
    /// Open at the month shown (always, over the whole period).
    pub active: bool,
    pub length_km: f64,
    pub length_nm: Option<f64>,
    pub via: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
    /// Published lengths of the leg, beside `length_km` (the drawn line's).
    pub documented: Vec<DocumentedDetails>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FigureDetails {
    pub text: String,
    pub source: String,
    pub note: Option<String>,
}

impl FigureDetails {
    /// A route's or an event's figure, in `lang`.
    pub fn of(f: &crate::model::Figure, lang: &str) -> FigureDetails {
        FigureDetails {
            text: f.text.get(lang).to_owned(),
            source: f.source.clone(),
            note: f.note.as_ref().map(|n| n.get(lang).to_owned()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceDetails {
    pub tag: String,
    pub title: String,
    pub note: Option<String>,
}

/// Everything the details panel shows for one route.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteDetails {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub periods: Vec<Period>,
    pub period_note: Option<String>,
    /// Where the route stands at the month shown; `None` over the whole period.
    pub status: Option<RouteStatus>,
    pub closed: String,
    pub length_km: f64,
    pub length_nm: Option<f64>,
    pub legs: Vec<LegDetails>,
    pub figures: Vec<FigureDetails>,
    pub sources: Vec<SourceDetails>,
    /// Published lengths of the whole route or of runs of its legs.
    pub documented: Vec<DocumentedDetails>,
}

/// A published length, in one language, with the drawn length of the same stretch.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentedDetails {
    /// The published figure in km (nautical miles converted).
    pub km: f64,
    /// The published figure in nautical miles, where it was given so (at sea).
    pub nm: Option<f64>,
    pub source: String,
    pub source_title: String,
    pub note: Option<String>,
    /// What the figure covers when that is not the whole leg or route ("Canton–Hankow",
    /// "Port Said – Singapore").
    pub covers: Option<String>,
    /// The drawn line's length over the same stretch, in km; `None` when the figure covers
    /// another stretch than the drawn line (a part with no places on the line, or a longer one).
    pub drawn_km: Option<f64>,
}

impl DocumentedDetails {
    fn new(atlas: &Atlas, d: &Documented, lang: &str, covers: Option<String>, drawn_km: Option<f64>) -> Self {
        let own = d.covers.as_ref().map(|c| c.get(lang).to_owned());
        DocumentedDetails {
            km: d.km(),
            nm: (d.unit == LengthUnit::Nm).then_some(d.value),
            source: d.source.clone(),
            source_title: atlas
                .source(&d.source)
                .map_or_else(|| d.source.clone(), |s| s.title.clone()),
            note: d.note.as_ref().map(|n| n.get(lang).to_owned()),
            drawn_km,
            covers: own.or(covers),
        }
    }

    /// A leg's published lengths; `leg_m` is every leg's drawn length in metres. A figure of
    /// part of the leg between two of its places is set against the drawn part; one of another
    /// stretch, against nothing.
    pub fn of_leg(atlas: &Atlas, leg: usize, leg_m: &[f64], lang: &str) -> Vec<Self> {
        let l = &atlas.legs[leg];
        l.documented
            .iter()
            .map(|d| {
                let drawn = match (d.span, &d.covers) {
                    (Some([a, z]), _) => Some(geodesic_length_m(&l.coordinates[a..=z]) / 1000.0),
                    (None, Some(_)) => None,
                    (None, None) => Some(leg_m[leg] / 1000.0),
                };
                Self::new(atlas, d, lang, None, drawn)
            })
            .collect()
    }

    /// A route's published lengths, each with the stretch it covers when that is a run of the
    /// route's legs ("Port Said – Singapore") and the drawn length of that run.
    pub fn of_route(atlas: &Atlas, route: usize, leg_m: &[f64], lang: &str) -> Vec<Self> {
        let r = &atlas.routes[route];
        r.documented
            .iter()
            .map(|d| {
                let run: &[usize] = if d.legs.is_empty() { &r.legs } else { &d.legs };
                let drawn = run.iter().map(|&l| leg_m[l]).sum::<f64>() / 1000.0;
                let covers = (run != r.legs.as_slice()).then(|| {
                    let (a, b) = (&atlas.legs[run[0]], &atlas.legs[run[run.len() - 1]]);
                    format!(
                        "{} – {}",
                        atlas.places[a.from].name.get(lang),
                        atlas.places[b.to].name.get(lang)
                    )
                });
                Self::new(atlas, d, lang, covers, d.covers.is_none().then_some(drawn))
            })
            .collect()
    }
}

/// A place as the page labels it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaceSummary {
    pub id: String,
    pub name: String,
    pub modern: Option<String>,
    pub rank: u8,
    pub lon: f64,
    pub lat: f64,
}
