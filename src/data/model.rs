//! Places, legs and routes: the geodata as plain, validated values.

use serde::Serialize;

use crate::data::month::Month;
use crate::data::text::Localized;

/// How goods moved along a leg; each mode has its own line style on the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Sea,
    Rail,
    Road,
    Air,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::Sea, Mode::Rail, Mode::Road, Mode::Air];

    /// Parses the geodata spelling (`sea`, `rail`, `road`, `air`).
    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Sea => "sea",
            Mode::Rail => "rail",
            Mode::Road => "road",
            Mode::Air => "air",
        }
    }
}

/// An inclusive range of months (`{"from": "YYYY-MM", "to": "YYYY-MM"}` to the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Month,
    pub to: Month,
}

impl Period {
    /// Whether `month` falls within this period (both ends included).
    pub fn contains(&self, month: Month) -> bool {
        self.from <= month && month <= self.to
    }
}

/// The unit a published length was given in: kilometres on land and in the air, nautical
/// miles at sea (as NGA Pub. 151 gives them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LengthUnit {
    Km,
    Nm,
}

/// A published length of a leg, of part of a leg, or of a run of a route's legs, with its source.
#[derive(Clone, Debug, PartialEq)]
pub struct Documented {
    /// The figure in `unit`, as published (miles already converted, the conversion in `note`).
    pub value: f64,
    pub unit: LengthUnit,
    pub source: String,
    pub note: Option<Localized>,
    /// Set when the figure covers another stretch than the leg or route (part of it, e.g.
    /// "Canton–Hankow", or a longer one): it is shown, labelled, but not compared with the line.
    pub covers: Option<Localized>,
    /// On a route: the legs (indices into [`Atlas::legs`]) the figure covers, a run of the
    /// route's own legs in order; empty on a leg.
    pub legs: Vec<usize>,
    /// On a leg, for a figure of part of it between two places on the line (`"from"`, `"to"`):
    /// the first and last vertex of that part, so that it can be set against the drawn line.
    pub span: Option<[usize; 2]>,
}

impl Documented {
    pub fn km(&self) -> f64 {
        match self.unit {
            LengthUnit::Km => self.value,
            LengthUnit::Nm => self.value * crate::geometry::measure::METRES_PER_NM / 1000.0,
        }
    }
}

/// A figure quoted to visitors, with the source it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub text: Localized,
    pub source: String,
    pub note: Option<Localized>,
    /// The sources of the note, where it reports a disagreement (e.g. an archival count).
    pub note_sources: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Port,
    City,
    Town,
    Junction,
    Waypoint,
}

impl PlaceKind {
    pub fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "port" => PlaceKind::Port,
            "city" => PlaceKind::City,
            "town" => PlaceKind::Town,
            "junction" => PlaceKind::Junction,
            "waypoint" => PlaceKind::Waypoint,
            _ => return None,
        })
    }
}

/// A named point: a port, town, junction or sea-lane waypoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub id: String,
    /// The period name (Canton, Tihwa, Alma-Ata).
    pub name: Localized,
    /// Today's name, where it differs.
    pub modern: Option<Localized>,
    pub kind: PlaceKind,
    /// Label priority: 1 most important; [`Place::UNLABELLED_RANK`] is never labelled.
    pub rank: u8,
    pub lon: f64,
    pub lat: f64,
    pub sources: Vec<String>,
}

impl Place {
    pub const UNLABELLED_RANK: u8 = 4;
}

/// One stretch of line with one mode between two places.
#[derive(Clone, Debug, PartialEq)]
pub struct Leg {
    pub id: String,
    pub from: usize,
    pub to: usize,
    pub mode: Mode,
    /// Vertices `[lon, lat]` in travel order.
    pub coordinates: Vec<[f64; 2]>,
    pub via: Option<Localized>,
    pub note: Option<Localized>,
    pub periods: Vec<Period>,
    pub sources: Vec<String>,
    /// Published lengths of the leg (or of parts of it), beside the computed one.
    pub documented: Vec<Documented>,
    /// Vertices whose position is estimated (±5–10 km) or rests on general knowledge.
    pub approx: Vec<[f64; 2]>,
    /// `"line": "rhumb"`: drawn along rhumb lines (constant bearing, straight on a Mercator map)
    /// between its vertices instead of geodesics.
    pub rhumb: bool,
}

/// A route a visitor can tap: legs in travel order, with its dates, figures and sources.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub id: String,
    pub name: Localized,
    pub summary: Localized,
    /// Indices into [`Atlas::legs`].
    pub legs: Vec<usize>,
    pub periods: Vec<Period>,
    pub period_note: Option<Localized>,
    pub closed: Localized,
    pub figures: Vec<Figure>,
    pub sources: Vec<String>,
    /// Published lengths of the whole route or of runs of its legs.
    pub documented: Vec<Documented>,
}

/// What a cited source is; it says what its citation must give (see [`SourceKind::full`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Book,
    Chapter,
    Article,
    Newspaper,
    Document,
    Encyclopedia,
    Wiki,
    Web,
    GeneralKnowledge,
}

impl SourceKind {
    pub const ALL: [SourceKind; 9] = [
        SourceKind::Book,
        SourceKind::Chapter,
        SourceKind::Article,
        SourceKind::Newspaper,
        SourceKind::Document,
        SourceKind::Encyclopedia,
        SourceKind::Wiki,
        SourceKind::Web,
        SourceKind::GeneralKnowledge,
    ];

    /// Parses the geodata spelling (`book`, `general-knowledge`).
    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Book => "book",
            SourceKind::Chapter => "chapter",
            SourceKind::Article => "article",
            SourceKind::Newspaper => "newspaper",
            SourceKind::Document => "document",
            SourceKind::Encyclopedia => "encyclopedia",
            SourceKind::Wiki => "wiki",
            SourceKind::Web => "web",
            SourceKind::GeneralKnowledge => "general-knowledge",
        }
    }

    /// Whether its citation names an author (or editor) and a year: a publication's does; a
    /// wiki's, a web page's and general knowledge's have none to name.
    pub fn full(self) -> bool {
        !matches!(self, SourceKind::Wiki | SourceKind::Web | SourceKind::GeneralKnowledge)
    }
}

/// A cited source, keyed by its tag in `sources.json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    pub tag: String,
    /// The citation as the panel lists it, in the source's own language.
    pub title: String,
    /// A title of ours (general knowledge), by language; `title` is then its English.
    pub title_text: Option<Localized>,
    /// A note in no language: an address.
    pub note: Option<String>,
    /// A note of ours, by language.
    pub note_text: Option<Localized>,
    /// `None` for a bare title (a test or benchmark set): nothing more is checked.
    pub kind: Option<SourceKind>,
    /// One a historian would not rest a claim on; the page marks it.
    pub weak: bool,
    pub year: Option<i32>,
}

impl Source {
    /// The title in `lang`: ours translated, a publication's as published.
    pub fn title(&self, lang: &str) -> &str {
        self.title_text.as_ref().map_or(&self.title, |t| t.get(lang))
    }

    /// The note in `lang`, or the address.
    pub fn note(&self, lang: &str) -> Option<&str> {
        self.note_text.as_ref().map(|t| t.get(lang)).or(self.note.as_deref())
    }
}

/// Everything loaded from `geodata/`, cross-checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Atlas {
    pub places: Vec<Place>,
    pub legs: Vec<Leg>,
    pub routes: Vec<Route>,
    pub sources: Vec<Source>,
}

impl Atlas {
    pub fn route_index(&self, id: &str) -> Option<usize> {
        self.routes.iter().position(|r| r.id == id)
    }

    pub fn source(&self, tag: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.tag == tag)
    }

    /// Whether a route ran in `month`.
    pub fn route_open(&self, route: usize, month: Month) -> bool {
        self.routes[route].periods.iter().any(|p| p.contains(month))
    }

    /// The periods a leg ran: its own where the geodata gives them, otherwise those of the
    /// routes that use it.
    pub fn leg_periods(&self, leg: usize) -> Vec<&Period> {
        let own = &self.legs[leg].periods;
        if !own.is_empty() {
            return own.iter().collect();
        }
        self.routes
            .iter()
            .filter(|r| r.legs.contains(&leg))
            .flat_map(|r| &r.periods)
            .collect()
    }

    /// Whether a leg was open in `month`.
    pub fn leg_open(&self, leg: usize, month: Month) -> bool {
        self.leg_periods(leg).iter().any(|p| p.contains(month))
    }

    /// Whether a leg is drawn open when the map shows `month`: every leg is over the whole
    /// period (`None`).
    pub fn leg_active(&self, leg: usize, month: Option<Month>) -> bool {
        month.is_none_or(|m| self.leg_open(leg, m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(s: &str) -> Month {
        Month::parse(s).expect("a month")
    }

    fn period(from: &str, to: &str) -> Period {
        Period {
            from: month(from),
            to: month(to),
        }
    }

    #[test]
    fn periods_include_both_ends() {
        let p = period("1937-08", "1938-10");
        assert!(!p.contains(month("1937-07")));
        assert!(p.contains(month("1937-08")));
        assert!(p.contains(month("1938-10")));
        assert!(!p.contains(month("1938-11")));
    }

    fn leg(id: &str, periods: Vec<Period>) -> Leg {
        Leg {
            id: id.into(),
            from: 0,
            to: 0,
            mode: Mode::Sea,
            coordinates: vec![],
            via: None,
            note: None,
            periods,
            sources: vec![],
            documented: vec![],
            approx: vec![],
            rhumb: false,
        }
    }

    fn route(legs: Vec<usize>, periods: Vec<Period>) -> Route {
        Route {
            id: "r".into(),
            name: Localized::en("r"),
            summary: Localized::en("r"),
            legs,
            periods,
            period_note: None,
            closed: Localized::en("r"),
            figures: vec![],
            sources: vec![],
            documented: vec![],
        }
    }

    #[test]
    fn a_shared_leg_is_open_while_any_of_its_routes_is() {
        let atlas = Atlas {
            legs: vec![leg("shared", vec![]), leg("own", vec![period("1940-01", "1940-02")])],
            routes: vec![
                route(vec![0], vec![period("1937-10", "1938-10")]),
                route(vec![0, 1], vec![period("1939-01", "1940-06")]),
            ],
            ..Atlas::default()
        };
        assert!(atlas.leg_open(0, month("1938-10")));
        assert!(!atlas.leg_open(0, month("1938-12")));
        assert!(atlas.leg_open(0, month("1939-01")));
        assert!(
            !atlas.leg_open(1, month("1939-01")),
            "a leg's own periods win over its routes'"
        );
        assert!(atlas.leg_open(1, month("1940-02")));
        assert!(atlas.route_open(1, month("1940-06")) && !atlas.route_open(1, month("1940-07")));
    }
}
