//! What the page shows about routes and their legs (`map.routes()`, the details panel),
//! resolved into one language. Lengths are the core's geodesic figures, unrounded.

use crate::data::text::Localized;
use serde::Serialize;

use crate::data::model::{Atlas, Mode, Period, Place};
use crate::data::month::Month;
use crate::geometry::measure::METRES_PER_NM;
use crate::views::sources::{DocumentedDetails, FigureDetails, SourceDetails};

/// Where a route stands at the month shown.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteStatus {
    pub month: Month,
    /// `open`, `notYet` (before its first period), `paused` (between periods) or `ended`.
    pub state: &'static str,
}

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

impl RouteDetails {
    /// The texts of the panel's first layer, which a visitor reads standing up before "More":
    /// the name, the summary and the key figure (the first). The dates are shown with them;
    /// the legs, lengths, notes and sources are one tap away.
    pub fn first_layer(&self) -> Vec<&str> {
        let key = self.figures.first().map(|f| f.text.as_str());
        [Some(self.name.as_str()), Some(self.summary.as_str()), key]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// What the route views are built from: the route set, the drawn lengths in metres (one per
/// leg, one per route, in the set's order), and the month shown (`None`: the whole period).
#[derive(Clone, Copy, Debug)]
pub struct RouteFacts<'a> {
    pub atlas: &'a Atlas,
    pub leg_m: &'a [f64],
    pub route_m: &'a [f64],
    pub month: Option<Month>,
}

impl RouteFacts<'_> {
    /// Every route with its legs and lengths, in `lang` (`map.routes()`).
    pub fn summaries(&self, lang: &str) -> Vec<RouteSummary> {
        let atlas = self.atlas;
        (0..atlas.routes.len())
            .map(|r| {
                let route = &atlas.routes[r];
                let mut modes: Vec<Mode> = Vec::new();
                for &l in &route.legs {
                    if !modes.contains(&atlas.legs[l].mode) {
                        modes.push(atlas.legs[l].mode);
                    }
                }
                RouteSummary {
                    id: route.id.clone(),
                    name: route.name.get(lang).to_owned(),
                    length_km: self.route_m[r] / 1000.0,
                    length_nm: nm(self.route_m[r], self.is_all_sea(r)),
                    modes,
                    periods: route.periods.clone(),
                    legs: route.legs.iter().map(|&l| self.leg_summary(l, lang)).collect(),
                }
            })
            .collect()
    }

    fn leg_summary(&self, l: usize, lang: &str) -> LegSummary {
        let atlas = self.atlas;
        let leg = &atlas.legs[l];
        let (period, periods) = leg_periods(atlas, l);
        let (from, to) = (&atlas.places[leg.from], &atlas.places[leg.to]);
        LegSummary {
            id: leg.id.clone(),
            from: from.name.get(lang).to_owned(),
            to: to.name.get(lang).to_owned(),
            from_id: from.id.clone(),
            to_id: to.id.clone(),
            mode: leg.mode,
            length_km: self.leg_m[l] / 1000.0,
            length_nm: nm(self.leg_m[l], leg.mode == Mode::Sea),
            coordinates: leg.coordinates.clone(),
            active: self.leg_active(l),
            period,
            periods,
        }
    }

    /// Everything the details panel shows for route `r`, in `lang`.
    pub fn details(&self, r: usize, lang: &str) -> Option<RouteDetails> {
        let atlas = self.atlas;
        let route = atlas.routes.get(r)?;
        let modern = |p: &Place| Localized::get_opt(p.modern.as_ref(), lang);
        let legs = route
            .legs
            .iter()
            .map(|&l| {
                let leg = &atlas.legs[l];
                let (from, to) = (&atlas.places[leg.from], &atlas.places[leg.to]);
                LegDetails {
                    id: leg.id.clone(),
                    from: from.name.get(lang).to_owned(),
                    from_modern: modern(from),
                    to: to.name.get(lang).to_owned(),
                    to_modern: modern(to),
                    mode: leg.mode,
                    active: self.leg_active(l),
                    length_km: self.leg_m[l] / 1000.0,
                    length_nm: nm(self.leg_m[l], leg.mode == Mode::Sea),
                    via: Localized::get_opt(leg.via.as_ref(), lang),
                    note: Localized::get_opt(leg.note.as_ref(), lang),
                    sources: leg.sources.clone(),
                    documented: DocumentedDetails::of_leg(atlas, l, self.leg_m, lang),
                }
            })
            .collect();
        Some(RouteDetails {
            id: route.id.clone(),
            name: route.name.get(lang).to_owned(),
            summary: route.summary.get(lang).to_owned(),
            periods: route.periods.clone(),
            period_note: Localized::get_opt(route.period_note.as_ref(), lang),
            status: self.status(r),
            closed: route.closed.get(lang).to_owned(),
            length_km: self.route_m[r] / 1000.0,
            length_nm: nm(self.route_m[r], self.is_all_sea(r)),
            legs,
            figures: route.figures.iter().map(|f| FigureDetails::of(f, lang)).collect(),
            sources: SourceDetails::list(atlas, &route.sources, lang),
            documented: DocumentedDetails::of_route(atlas, r, self.leg_m, lang),
        })
    }

    /// Where route `r` stands at the month shown; `None` over the whole period.
    pub fn status(&self, r: usize) -> Option<RouteStatus> {
        let m = self.month?;
        let periods = &self.atlas.routes.get(r)?.periods;
        let state = if periods.iter().any(|p| p.contains(m)) {
            "open"
        } else if periods.iter().all(|p| m < p.from) {
            "notYet"
        } else if periods.iter().all(|p| m > p.to) {
            "ended"
        } else {
            "paused"
        };
        Some(RouteStatus { month: m, state })
    }

    fn leg_active(&self, l: usize) -> bool {
        self.atlas.leg_active(l, self.month)
    }

    fn is_all_sea(&self, r: usize) -> bool {
        self.atlas.routes[r]
            .legs
            .iter()
            .all(|&l| self.atlas.legs[l].mode == Mode::Sea)
    }
}

/// Nautical miles for what is at sea.
fn nm(metres: f64, sea: bool) -> Option<f64> {
    sea.then_some(metres / METRES_PER_NM)
}

/// Leg `l`'s periods (its own, or its routes') and their overall span.
pub fn leg_periods(atlas: &Atlas, l: usize) -> (Option<Period>, Vec<Period>) {
    let periods: Vec<Period> = atlas.leg_periods(l).into_iter().copied().collect();
    let from = periods.iter().map(|p| p.from).min();
    let to = periods.iter().map(|p| p.to).max();
    let span = from.zip(to).map(|(from, to)| Period { from, to });
    (span, periods)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn month(s: &str) -> Month {
        Month::parse(s).expect("a month")
    }

    /// The views of the test set, with made-up drawn lengths: 650 km of railway, 3,000 km at sea.
    fn facts(atlas: &Atlas, month: Option<Month>) -> RouteFacts<'_> {
        RouteFacts {
            atlas,
            leg_m: &[650_000.0, 3_000_000.0],
            route_m: &[650_000.0, 3_000_000.0],
            month,
        }
    }

    #[test]
    fn summaries_speak_the_language_asked_and_english_for_any_other() {
        let atlas = fixtures::set().atlas;
        let zh = facts(&atlas, None).summaries("zh");
        assert_eq!((zh[0].name.as_str(), zh[0].legs[0].to.as_str()), ("滇越铁路", "云南府"));
        let fr = facts(&atlas, None).summaries("fr");
        assert_eq!(
            (fr[0].name.as_str(), fr[0].legs[0].to.as_str()),
            ("Yunnan railway", "Yunnanfu")
        );
    }

    #[test]
    fn lengths_are_in_km_and_at_sea_also_in_nautical_miles() {
        let atlas = fixtures::set().atlas;
        let routes = facts(&atlas, None).summaries("en");
        assert_eq!((routes[0].length_km, routes[0].length_nm), (650.0, None));
        assert_eq!(routes[1].length_km, 3_000.0);
        assert!((routes[1].length_nm.expect("at sea") - 3_000_000.0 / 1852.0).abs() < 1e-9);
        assert_eq!(routes[0].modes, [Mode::Rail]);
    }

    #[test]
    fn a_route_is_open_not_yet_open_paused_or_ended_at_the_month_shown() {
        let atlas = fixtures::set().atlas;
        let state = |m: &str| facts(&atlas, Some(month(m))).status(0).map(|s| s.state);
        assert_eq!(state("1937-08"), Some("notYet"));
        assert_eq!(state("1938-01"), Some("open"));
        assert_eq!(state("1939-03"), Some("paused"));
        assert_eq!(state("1941-01"), Some("ended"));
        assert_eq!(facts(&atlas, None).status(0), None, "no status over the whole period");
    }

    #[test]
    fn a_legs_periods_are_its_routes_and_their_span() {
        let atlas = fixtures::set().atlas;
        let (span, periods) = leg_periods(&atlas, 0);
        assert_eq!(periods.len(), 2);
        assert_eq!(
            span,
            Some(Period {
                from: month("1937-12"),
                to: month("1940-06")
            })
        );
        let legs = &facts(&atlas, Some(month("1939-03"))).summaries("en")[0].legs;
        assert!(!legs[0].active, "closed while the railway paused");
    }

    #[test]
    fn details_give_the_panel_everything_about_a_route() {
        let atlas = fixtures::set().atlas;
        let d = facts(&atlas, Some(month("1938-05"))).details(0, "ru").expect("a route");
        assert_eq!(d.name, "Юньнаньская железная дорога");
        assert_eq!(d.status.as_ref().map(|s| s.state), Some("open"));
        assert_eq!(
            (d.legs[0].from.as_str(), d.legs[0].to_modern.as_deref()),
            ("Хайфон", Some("Куньмин"))
        );
        assert_eq!(
            (d.figures[0].text.as_str(), d.sources[0].title.as_str()),
            ("855 км", "Test source")
        );
        assert_eq!(d.legs[0].documented.len(), 2);
        assert_eq!(
            d.first_layer(),
            ["Юньнаньская железная дорога", "Железная дорога.", "855 км"]
        );
        assert_eq!(facts(&atlas, None).details(9, "en"), None);
    }
}
