//! A small route set for the unit tests of the map and the views: the Yunnan railway from
//! Haiphong to Yunnanfu (open 1937-12 to 1938-12 and again 1939-06 to 1940-06) and the sea
//! lane from Vladivostok to Haiphong, with an event at Yunnanfu, a front arrow, and a counter.

use crate::data::loader::{self, RouteSet, RouteSetFiles};
use crate::map::scene::Scene;

const PLACES: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.69, 20.86]},
   "properties": {"id": "haiphong", "name": {"en": "Haiphong", "zh": "海防", "ru": "Хайфон"}, "kind": "port", "rank": 1, "sources": ["T"]}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [102.72, 25.06]},
   "properties": {"id": "kunming", "name": {"en": "Yunnanfu", "zh": "云南府", "ru": "Юньнаньфу"},
     "modern": {"en": "Kunming", "zh": "昆明", "ru": "Куньмин"}, "kind": "city", "rank": 1, "sources": ["T"]}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [131.89, 43.11]},
   "properties": {"id": "vladivostok", "name": {"en": "Vladivostok", "zh": "符拉迪沃斯托克", "ru": "Владивосток"}, "kind": "port", "rank": 1, "sources": ["T"]}}
]}"#;

const ROUTES: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[106.69, 20.86], [103.97, 22.49], [102.72, 25.06]]},
   "properties": {"kind": "leg", "id": "L1", "from": "haiphong", "to": "kunming", "mode": "rail", "sources": ["T"],
     "documented": [{"km": 855, "source": "T"}, {"km": 466, "source": "T", "from": "kunming", "to": "haiphong",
       "covers": {"en": "Hekou–Yunnanfu", "zh": "河口至云南府", "ru": "Хэкоу — Юньнаньфу"}}]}},
  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[131.89, 43.11], [106.69, 20.86]]},
   "properties": {"kind": "leg", "id": "S1", "from": "vladivostok", "to": "haiphong", "mode": "sea", "sources": ["T"]}},
  {"type": "Feature", "geometry": null,
   "properties": {"kind": "route", "id": "rail", "legs": ["L1"], "sources": ["T"],
     "name": {"en": "Yunnan railway", "zh": "滇越铁路", "ru": "Юньнаньская железная дорога"},
     "summary": {"en": "A railway.", "zh": "一条铁路。", "ru": "Железная дорога."},
     "closed": {"en": "Closed.", "zh": "关闭。", "ru": "Закрыта."},
     "periods": [{"from": "1937-12", "to": "1938-12"}, {"from": "1939-06", "to": "1940-06"}],
     "figures": [{"text": {"en": "855 km", "zh": "855公里", "ru": "855 км"}, "source": "T"}]}},
  {"type": "Feature", "geometry": null,
   "properties": {"kind": "route", "id": "sea", "legs": ["S1"], "sources": ["T"],
     "name": {"en": "By sea to Haiphong", "zh": "海路至海防", "ru": "Морем в Хайфон"},
     "summary": {"en": "A sea lane.", "zh": "一条航线。", "ru": "Морской путь."},
     "closed": {"en": "Closed.", "zh": "关闭。", "ru": "Закрыт."},
     "periods": [{"from": "1937-07", "to": "1941-06"}]}}
]}"#;

const SOURCES: &str = r#"{"T": {"title": "Test source", "note": "A note."}}"#;

const EVENTS: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [102.72, 25.06]},
   "properties": {"id": "arrival", "kind": "aid", "date": "1938-10", "month": "1938-10", "sources": ["T"],
     "title": {"en": "Aid reaches Yunnanfu", "zh": "援助运抵云南府", "ru": "Помощь в Юньнаньфу"},
     "text": {"en": "The first trains arrive.", "zh": "第一批列车抵达。", "ru": "Приходят первые поезда."}}},
  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[110.0, 30.0], [106.0, 26.0]]},
   "properties": {"id": "front", "kind": "war", "date": "1940-01", "month": "1940-01", "until": "1940-02", "sources": ["T"],
     "title": {"en": "A front moves south", "zh": "战线南移", "ru": "Фронт движется на юг"},
     "text": {"en": "An arrow on the map.", "zh": "地图上的箭头。", "ru": "Стрелка на карте."}}}
]}"#;

const TIMELINE: &str = r#"{"range": {"from": "1937-07", "to": "1941-06"},
  "counters": [{"id": "wagons", "route": "rail", "from": "1937-12", "to": "1938-12", "total": 1300, "source": "T",
    "label": {"en": "Wagons", "zh": "车皮", "ru": "Вагоны"}}]}"#;

/// The whole set, story included.
pub(crate) fn set() -> RouteSet {
    let files = RouteSetFiles {
        events: Some(EVENTS),
        timeline: Some(TIMELINE),
        ..RouteSetFiles::new(ROUTES, PLACES, SOURCES)
    };
    loader::load(files).unwrap_or_else(|e| panic!("the test set is invalid: {e:#?}"))
}

/// The set on an 800 × 600 CSS px map, at the overview, with its story.
pub(crate) fn scene() -> Scene {
    let set = set();
    let mut scene = Scene::new(set.atlas, 800.0, 600.0);
    scene.set_story(set.timeline, set.events);
    scene
}
