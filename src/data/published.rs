//! Published lengths (`"documented"` on a leg or a route): read, checked against the legs and
//! places they name, and set against the drawn line over the same stretch.

use std::collections::HashMap;
use std::fmt;

use crate::data::json::Fields;
use crate::data::model::{Atlas, Documented, Leg, LengthUnit, Mode, Place};
use crate::data::places::{PlaceIndex, place_ref};
use crate::geometry::measure::{geodesic_length_m, nearest_vertex_m};

/// How far a leg's end, or a place a published part names, may lie from the line: a town's
/// port, station and airfield are a few km apart (Alma-Ata's station and airfield: 9 km).
pub const MAX_END_GAP_M: f64 = 10_000.0;

/// What a published length is read against.
pub(crate) enum Stretch<'s> {
    /// A leg of this mode (when known), drawn through `line` (when valid), which may name a part
    /// of itself between two places (`"from"`, `"to"`).
    Leg {
        mode: Option<Mode>,
        line: Option<&'s [[f64; 2]]>,
        places: &'s [Place],
        index: &'s PlaceIndex<'s>,
    },
    /// A route through the legs `own` (ids), which may name a run of them (`"legs"`).
    Route {
        own: &'s [String],
        legs: &'s [Leg],
        index: &'s HashMap<&'s str, usize>,
    },
}

/// Published lengths: `[{"km": 855, "source": "WIKI-KH", "note": {…}, "covers": {…}}]`, or
/// `"nm"` instead of `"km"` where every leg covered is at sea. On a route, `"legs"` names the
/// run of the route's legs the figure covers (all of them when absent).
pub(crate) fn documented(p: &mut Fields, stretch: &Stretch) -> Vec<Documented> {
    let mut out = Vec::new();
    p.each_object("documented", "{km or nm, source}", |p| {
        let number = |p: &mut Fields, unit: &str| -> Option<f64> {
            let v = p.get(unit)?;
            match v.as_f64() {
                Some(x) if x.is_finite() && x > 0.0 && x < 100_000.0 => Some(x),
                _ => {
                    p.error(unit, format!("expected a positive length under 100,000, found {v}"));
                    None
                }
            }
        };
        let (km, nm) = (number(p, "km"), number(p, "nm"));
        let value = match (p.has("km"), p.has("nm")) {
            (true, true) => {
                p.error("", "give either \"km\" or \"nm\", not both");
                None
            }
            (false, false) => {
                p.error("km", "missing: a published length needs \"km\" (or \"nm\" at sea)");
                None
            }
            (true, false) => km.map(|x| (x, LengthUnit::Km)),
            (false, true) => nm.map(|x| (x, LengthUnit::Nm)),
        };
        let source = p.text("source");
        let note = p.optional_localized("note");
        let covers = p.optional_localized("covers");
        let mut legs = Vec::new();
        let mut span = None;
        let sea = match stretch {
            Stretch::Leg {
                mode,
                line,
                places,
                index,
            } => {
                if p.has("legs") {
                    p.error("legs", "only a route's published lengths name legs");
                }
                if let Some(line) = line
                    && (p.has("from") || p.has("to"))
                {
                    span = part(p, line, places, index);
                }
                mode.map(|m| m == Mode::Sea)
            }
            Stretch::Route { own, legs: all, index } => {
                let names = p.strings("legs");
                if !names.is_empty() {
                    let start = own.iter().position(|l| *l == names[0]);
                    let run = start.is_some_and(|s| own.get(s..s + names.len()) == Some(names.as_slice()));
                    if !run {
                        p.error("legs", format!("{names:?} is not a run of this route's legs {own:?}"));
                    }
                    legs = names.iter().filter_map(|n| index.get(n.as_str()).copied()).collect();
                }
                let covered: &[String] = if names.is_empty() { own } else { &names };
                let modes: Option<Vec<Mode>> = covered
                    .iter()
                    .map(|n| index.get(n.as_str()).map(|&i| all[i].mode))
                    .collect();
                if p.has("from") || p.has("to") {
                    p.error("from", "only a leg's published lengths name places on the line");
                }
                modes.map(|m| m.iter().all(|&m| m == Mode::Sea))
            }
        };
        if p.has("nm") && sea == Some(false) {
            p.error("nm", "nautical miles are for sea legs only; give \"km\"");
        }
        if let (Some((value, unit)), Some(source)) = (value, source) {
            out.push(Documented {
                value,
                unit,
                source,
                note,
                covers,
                legs,
                span,
            });
        }
    });
    out
}

/// The first and last vertex of the part of `line` between the places a published length
/// names (`"from"`, `"to"`), each within [`MAX_END_GAP_M`] of a vertex.
fn part(p: &mut Fields, line: &[[f64; 2]], places: &[Place], index: &PlaceIndex) -> Option<[usize; 2]> {
    let mut ends = [None, None];
    for (k, field) in ["from", "to"].into_iter().enumerate() {
        let Some(i) = place_ref(p, field, index) else { continue };
        let at = [places[i].lon, places[i].lat];
        match nearest_vertex_m(line, at) {
            Some((v, d)) if d <= MAX_END_GAP_M => ends[k] = Some(v),
            Some((_, d)) => p.error(
                field,
                format!(
                    "place {:?} is {:.1} km from the line, more than {} km",
                    places[i].id,
                    d / 1000.0,
                    MAX_END_GAP_M / 1000.0
                ),
            ),
            None => {}
        }
    }
    let [Some(a), Some(b)] = ends else { return None };
    if a == b {
        p.error("to", "the part starts and ends at the same vertex");
        return None;
    }
    Some([a.min(b), a.max(b)])
}

/// How far a drawn length may stray from a published one of the same stretch, as the ratio
/// drawn / published, by mode. Sea lanes follow NGA Pub. 151 to within about 2 %. Railways
/// and roads are drawn through their stations and towns, so they cut the bends and come out
/// shorter (rail 73–93 %, the Burma Road about 64 %: docs/history-review.md), never longer. The
/// air route is drawn airfield to airfield, a little longer than the published great-circle figure.
pub fn length_tolerance(mode: Mode) -> (f64, f64) {
    match mode {
        Mode::Sea => (0.97, 1.03),
        Mode::Rail => (0.70, 1.02),
        Mode::Road => (0.60, 1.02),
        Mode::Air => (0.95, 1.10),
    }
}

/// One published length set against the drawn line over the same stretch.
#[derive(Clone, Debug, PartialEq)]
pub struct LengthCheck {
    /// `leg L3` or `route burma-road (L2–L4)`.
    pub what: String,
    /// The mode whose tolerance applies (the loosest of the stretch's modes).
    pub mode: Mode,
    pub drawn_km: f64,
    pub published_km: f64,
    /// The unit the figure was published in.
    pub unit: LengthUnit,
    pub source: String,
    pub within: bool,
}

impl fmt::Display for LengthCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (lo, hi) = length_tolerance(self.mode);
        let ratio = self.drawn_km / self.published_km;
        let (drawn, published, unit) = match self.unit {
            LengthUnit::Km => (self.drawn_km, self.published_km, "km"),
            LengthUnit::Nm => (self.drawn_km / 1.852, self.published_km / 1.852, "nm"),
        };
        write!(
            f,
            "{}: drawn {drawn:.0} {unit}, published {published:.1} {unit} [{}], {:.0} % ({} allows {:.0}–{:.0} %){}",
            self.what,
            self.source,
            ratio * 100.0,
            self.mode.as_str(),
            lo * 100.0,
            hi * 100.0,
            if self.within { "" } else { "  OUT OF TOLERANCE" }
        )
    }
}

/// Every published length that covers exactly a leg, a run of a route's legs, or the part of a
/// leg between two of its places (`from`, `to`), against the drawn geodesic length of the same
/// stretch. Figures of other stretches (`covers` with no places) are not compared.
pub fn length_checks(atlas: &Atlas) -> Vec<LengthCheck> {
    let leg_km: Vec<f64> = atlas
        .legs
        .iter()
        .map(|l| geodesic_length_m(&l.coordinates) / 1000.0)
        .collect();
    let loosest = |legs: &[usize]| {
        let modes: Vec<Mode> = legs.iter().map(|&l| atlas.legs[l].mode).collect();
        [Mode::Road, Mode::Rail, Mode::Air, Mode::Sea]
            .into_iter()
            .find(|m| modes.contains(m))
            .unwrap_or(Mode::Sea)
    };
    let mut out = Vec::new();
    let mut parts = Vec::new();
    let mut push = |what: String, legs: &[usize], d: &Documented| {
        let mode = loosest(legs);
        let drawn_km: f64 = legs.iter().map(|&l| leg_km[l]).sum();
        let (lo, hi) = length_tolerance(mode);
        let ratio = drawn_km / d.km();
        out.push(LengthCheck {
            what,
            mode,
            drawn_km,
            published_km: d.km(),
            unit: d.unit,
            source: d.source.clone(),
            within: (lo..=hi).contains(&ratio),
        });
    };
    for (i, leg) in atlas.legs.iter().enumerate() {
        for d in leg.documented.iter().filter(|d| d.covers.is_none()) {
            push(format!("leg {}", leg.id), &[i], d);
        }
        for d in &leg.documented {
            if let Some([a, z]) = d.span {
                let mode = leg.mode;
                let drawn_km = geodesic_length_m(&leg.coordinates[a..=z]) / 1000.0;
                let (lo, hi) = length_tolerance(mode);
                parts.push(LengthCheck {
                    what: format!(
                        "leg {} part ({})",
                        leg.id,
                        d.covers.as_ref().map_or("", |c| c.get("en"))
                    ),
                    mode,
                    drawn_km,
                    published_km: d.km(),
                    unit: d.unit,
                    source: d.source.clone(),
                    within: (lo..=hi).contains(&(drawn_km / d.km())),
                });
            }
        }
    }
    for route in &atlas.routes {
        for d in route.documented.iter().filter(|d| d.covers.is_none()) {
            let run: &[usize] = if d.legs.is_empty() { &route.legs } else { &d.legs };
            let first = &atlas.legs[run[0]].id;
            let last = &atlas.legs[run[run.len() - 1]].id;
            let span = if run.len() == 1 {
                first.clone()
            } else {
                format!("{first}–{last}")
            };
            push(format!("route {} ({span})", route.id), run, d);
        }
    }
    out.extend(parts);
    out
}
