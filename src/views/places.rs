//! The places as the page labels and lists them.

use crate::data::text::Localized;
use serde::Serialize;

use crate::data::model::Atlas;

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

/// Every place, in `lang`, in the order of `places.geojson`.
pub fn places(atlas: &Atlas, lang: &str) -> Vec<PlaceSummary> {
    atlas
        .places
        .iter()
        .map(|p| PlaceSummary {
            id: p.id.clone(),
            name: p.name.get(lang).to_owned(),
            modern: Localized::get_opt(p.modern.as_ref(), lang),
            rank: p.rank,
            lon: p.lon,
            lat: p.lat,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn places_are_named_in_the_language_asked_with_todays_name_where_it_differs() {
        let atlas = fixtures::set().atlas;
        let zh = places(&atlas, "zh");
        assert_eq!(zh.len(), 3);
        assert_eq!((zh[1].name.as_str(), zh[1].modern.as_deref()), ("云南府", Some("昆明")));
        assert_eq!((zh[0].modern.as_deref(), zh[0].rank), (None, 1));
        assert_eq!(
            places(&atlas, "xx")[1].name,
            "Yunnanfu",
            "English for any other language"
        );
    }
}
