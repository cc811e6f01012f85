//! What the panel cites: figures with their sources, the sources themselves, and published
//! lengths beside the drawn ones.

use crate::data::text::Localized;
use serde::Serialize;

use crate::data::model::{Atlas, Documented, Figure, LengthUnit, Source, SourceKind};
use crate::geometry::measure::geodesic_length_m;

/// A figure quoted to visitors (a count, a tonnage), with the tag of its source.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FigureDetails {
    pub text: String,
    pub source: String,
    pub note: Option<String>,
}

impl FigureDetails {
    /// A route's or an event's figure, in `lang`.
    pub fn of(f: &Figure, lang: &str) -> FigureDetails {
        FigureDetails {
            text: f.text.get(lang).to_owned(),
            source: f.source.clone(),
            note: Localized::get_opt(f.note.as_ref(), lang),
        }
    }
}

/// A cited source as the panel lists it, in one language.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceDetails {
    pub tag: String,
    /// As published; ours (general knowledge) in the language asked.
    pub title: String,
    /// Ours in the language asked, or an address.
    pub note: Option<String>,
    /// A source a historian would not rest a claim on: the page says so beside it.
    pub weak: bool,
    pub kind: Option<SourceKind>,
}

impl SourceDetails {
    pub fn of(s: &Source, lang: &str) -> SourceDetails {
        SourceDetails {
            tag: s.tag.clone(),
            title: s.title(lang).to_owned(),
            note: s.note(lang).map(str::to_owned),
            weak: s.weak,
            kind: s.kind,
        }
    }

    /// The sources with these tags, in their order, in `lang`; unknown tags are skipped (the
    /// loader rejects them).
    pub fn list(atlas: &Atlas, tags: &[String], lang: &str) -> Vec<SourceDetails> {
        tags.iter()
            .filter_map(|t| atlas.source(t))
            .map(|s| SourceDetails::of(s, lang))
            .collect()
    }
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
        let own = Localized::get_opt(d.covers.as_ref(), lang);
        DocumentedDetails {
            km: d.km(),
            nm: (d.unit == LengthUnit::Nm).then_some(d.value),
            source: d.source.clone(),
            source_title: atlas
                .source(&d.source)
                .map_or_else(|| d.source.clone(), |s| s.title(lang).to_owned()),
            note: Localized::get_opt(d.note.as_ref(), lang),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn a_published_length_is_set_against_the_drawn_line_over_the_same_stretch() {
        let atlas = fixtures::set().atlas;
        let leg_m = [650_000.0, 3_000_000.0];
        let d = DocumentedDetails::of_leg(&atlas, 0, &leg_m, "en");
        assert_eq!(
            (d[0].km, d[0].drawn_km, d[0].covers.as_deref()),
            (855.0, Some(650.0), None)
        );
        // A part between two places on the line: its own drawn length, here the whole line.
        let line = geodesic_length_m(&atlas.legs[0].coordinates) / 1000.0;
        assert_eq!((d[1].km, d[1].covers.as_deref()), (466.0, Some("Hekou–Yunnanfu")));
        assert_eq!(d[1].drawn_km, Some(line));
        assert_eq!((d[1].source_title.as_str(), d[1].nm), ("Test source", None));
    }

    #[test]
    fn sources_are_listed_in_order_and_unknown_tags_skipped() {
        let atlas = fixtures::set().atlas;
        let listed = SourceDetails::list(&atlas, &["NOPE".into(), "T".into()], "en");
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (listed[0].tag.as_str(), listed[0].note.as_deref()),
            ("T", Some("A note."))
        );
        let figure = FigureDetails::of(&atlas.routes[0].figures[0], "zh");
        assert_eq!((figure.text.as_str(), figure.source.as_str()), ("855公里", "T"));
    }
}
