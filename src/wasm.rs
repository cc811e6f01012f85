//! The JavaScript boundary, and the only module that knows about it. Per-frame geometry leaves
//! as flat typed arrays; route details and errors as plain objects through serde.

use js_sys::{Float32Array, Object, Reflect, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::data::error::LoadError;
use crate::data::events::EventState as CoreEventState;
use crate::data::languages::Languages;
use crate::data::loader::{self, RouteSetFiles};
use crate::data::model;
use crate::data::month::Month;
use crate::map::basemap::{Basemap, BasemapCut};
use crate::map::hit::Tap;
use crate::map::labels::{self, Rect};
use crate::map::occupation::{ExtraLabel, Occupation, WarLabel, fit_frame};
use crate::map::scene::Scene;
use crate::views::war as views;

// The core's vocabulary as named values of the bindings. Each maps from the core's own enum by
// an exhaustive match, so that these numbers have one owner and a new variant fails to build.

/// How goods moved along a leg (`leg_modes()`, `markers()`).
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Sea = 0,
    Rail = 1,
    Road = 2,
    Air = 3,
}

impl From<model::Mode> for Mode {
    fn from(m: model::Mode) -> Mode {
        match m {
            model::Mode::Sea => Mode::Sea,
            model::Mode::Rail => Mode::Rail,
            model::Mode::Road => Mode::Road,
            model::Mode::Air => Mode::Air,
        }
    }
}

/// What marks a named place (`labels()`): a highlighted event's mark (drawn with the events),
/// a past event's mark, or the place's dot.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelMark {
    Event = 0,
    PastEvent = 1,
    Dot = 2,
}

impl From<labels::Mark> for LabelMark {
    fn from(m: labels::Mark) -> LabelMark {
        match m {
            labels::Mark::Event => LabelMark::Event,
            labels::Mark::PastEvent => LabelMark::PastEvent,
            labels::Mark::Dot => LabelMark::Dot,
        }
    }
}

/// How an event shows at the month shown (`event_marks()`, `event_states()`).
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventState {
    Hidden = 0,
    Past = 1,
    Highlighted = 2,
}

impl From<CoreEventState> for EventState {
    fn from(s: CoreEventState) -> EventState {
        match s {
            CoreEventState::Hidden => EventState::Hidden,
            CoreEventState::Past => EventState::Past,
            CoreEventState::Active => EventState::Highlighted,
        }
    }
}

/// The kinds of flat lines `RouteMap.lines` hands out.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// Land rings at a basemap level.
    Land = 0,
    /// Country borders at a basemap level.
    Borders = 1,
    /// Land rings of the last cut (`visible_basemap`).
    ViewLand = 2,
    /// Borders of the last cut.
    ViewBorders = 3,
    /// The legs at a level of detail (every vertex without one), leg `i` being line `i`.
    Legs = 4,
    /// The front arrows of the story, arrow `i` belonging to event `arrow_events()[i]`.
    Arrows = 5,
}

/// The modes' names in `Mode` order (`sea`, `rail`, `road`, `air`): the page keys its line
/// styles by them.
#[wasm_bindgen]
pub fn mode_names() -> Vec<String> {
    let mut modes = model::Mode::ALL;
    modes.sort_by_key(|&m| Mode::from(m) as u8);
    modes.iter().map(|m| m.as_str().to_owned()).collect()
}

/// The shipped languages, `[{code, name, dir, fonts?, locale?}]`, as `geodata/languages.json`
/// declares them; the first is the one every text falls back to. A set's own: `core.languages()`.
#[wasm_bindgen]
pub fn languages() -> Result<JsValue, JsError> {
    to_js(&crate::data::languages::languages())
}

/// `text` as a month `YYYY-MM`, or undefined when it is not one.
#[wasm_bindgen]
pub fn parse_month(text: &str) -> Option<String> {
    Month::parse(text).map(|m| m.to_string())
}

/// How many words `text` is to a reader, in any language (Chinese about 1.7 characters a
/// word): the core's one count, for the checks of what a panel shows (tests/e2e/history.spec.js).
#[wasm_bindgen]
pub fn word_count(text: &str) -> f64 {
    crate::data::text::word_count(text)
}

fn errors_to_js(errors: &[LoadError]) -> JsValue {
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    to_js(&messages).unwrap_or_else(|e| e.into())
}

/// Logs a Rust panic to the console before the module traps, so a kiosk's logs say why.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("supply-routes core panicked: {info}").into());
    }));
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The map's state, held in wasm memory; JavaScript keeps only this handle.
#[wasm_bindgen]
pub struct RouteMap {
    scene: Scene,
    /// The basemap cut to the last view `visible_basemap` was asked about, if it was cut.
    view: Option<BasemapCut>,
    /// The war around the routes, projected (issue 21).
    war: Occupation,
    /// The set's languages, which its texts were checked against.
    languages: Languages,
}

#[wasm_bindgen]
impl RouteMap {
    /// Loads the geodata texts. On failure throws an array of messages, each naming the file,
    /// the feature and the field. `projection` (`lcc`, the default, or `mercator`) is given here
    /// rather than by `set_projection` afterwards when it is known, so that the scene is built
    /// once at start-up instead of twice. `languages` is the set's `languages.json` (without
    /// it, the shipped declaration): the texts are checked against it.
    #[wasm_bindgen(constructor)]
    pub fn new(
        routes: &str,
        places: &str,
        sources: &str,
        width: f64,
        height: f64,
        projection: Option<String>,
        languages: Option<String>,
    ) -> Result<RouteMap, JsValue> {
        let projection = match projection.as_deref() {
            None => crate::geometry::projection::MapProjection::default(),
            Some(name) => crate::geometry::projection::MapProjection::by_name(name).ok_or_else(|| {
                let message = vec![format!("no projection named {name:?} (lcc or mercator)")];
                to_js(&message).unwrap_or_else(|e| e.into())
            })?,
        };
        let files = RouteSetFiles {
            languages: languages.as_deref(),
            ..RouteSetFiles::new(routes, places, sources)
        };
        let set = loader::load(files).map_err(|e| errors_to_js(&e))?;
        Ok(RouteMap {
            scene: Scene::with_projection(set.atlas, projection, width, height),
            view: None,
            war: Occupation::default(),
            languages: set.languages,
        })
    }

    /// The set's languages, `[{code, name, dir, fonts?, locale?}]`, the first the one every
    /// text falls back to.
    pub fn languages(&self) -> Result<JsValue, JsError> {
        to_js(&self.languages)
    }

    /// Replaces the route set shown (the three geodata texts, and optionally events, a
    /// timeline, the war's files and the set's `languages.json`) after validating all of it; on
    /// any problem throws the messages and keeps the set shown before. The view and the
    /// basemap stay.
    pub fn load_set(
        &mut self,
        routes: &str,
        places: &str,
        sources: &str,
        events_text: Option<String>,
        timeline_text: Option<String>,
        occupied_text: Option<String>,
        period_states_text: Option<String>,
        chapters_text: Option<String>,
        languages_text: Option<String>,
    ) -> Result<(), JsValue> {
        let files = RouteSetFiles {
            languages: languages_text.as_deref(),
            events: events_text.as_deref(),
            timeline: timeline_text.as_deref(),
            occupied: occupied_text.as_deref(),
            period_states: period_states_text.as_deref(),
            chapters: chapters_text.as_deref(),
            ..RouteSetFiles::new(routes, places, sources)
        };
        let mut set = loader::load(files).map_err(|e| errors_to_js(&e))?;
        self.war = Occupation::new(std::mem::take(&mut set.war), &self.scene.projection());
        self.languages = std::mem::take(&mut set.languages);
        self.scene.replace_set(set);
        Ok(())
    }

    /// Loads the story: `events.geojson` and `timeline.json`. On failure throws an array of
    /// messages, each naming the file, the feature and the field; the map keeps working without.
    pub fn set_story(&mut self, events_text: &str, timeline_text: &str) -> Result<(), JsValue> {
        let (events, timeline) = loader::load_story(
            &self.scene.atlas,
            &self.languages,
            Some(events_text),
            Some(timeline_text),
        )
        .map_err(|e| errors_to_js(&e))?;
        self.scene.set_story(timeline, events);
        Ok(())
    }

    /// `[first, last]` months of the slider, `YYYY-MM`.
    pub fn month_range(&self) -> Vec<String> {
        self.scene
            .month_range()
            .map(|(a, b)| vec![a.to_string(), b.to_string()])
            .unwrap_or_default()
    }

    /// Shows a month (`YYYY-MM`, clamped to the range), or the whole period with null/undefined.
    /// Returns false, changing nothing, for a malformed month.
    pub fn set_month(&mut self, month: Option<String>) -> bool {
        match month.as_deref().map(Month::parse) {
            None => self.scene.set_month(None),
            Some(Some(m)) => self.scene.set_month(Some(m)),
            Some(None) => return false,
        }
        true
    }

    /// Every month of the slider's range, `YYYY-MM`, first to last (empty without a range).
    pub fn months(&self) -> Vec<String> {
        self.scene.months().iter().map(ToString::to_string).collect()
    }

    /// The month shown, or undefined over the whole period.
    pub fn month(&self) -> Option<String> {
        self.scene.month().map(|m| m.to_string())
    }

    /// The month shown as a number of months (see `counters`), or NaN.
    pub fn month_index(&self) -> f64 {
        self.scene.month().map_or(f64::NAN, |m| f64::from(m.index()))
    }

    /// Each leg: 1 if open at the month shown, else 0.
    pub fn leg_active(&self) -> Box<[u8]> {
        (0..self.scene.atlas.legs.len())
            .map(|l| u8::from(self.scene.leg_active(l)))
            .collect()
    }

    /// Markers at playback time `t` (s): `[x, y, heading, mode, …]`, CSS px, radians and `Mode`.
    pub fn markers(&self, t: f64) -> Box<[f32]> {
        self.scene
            .markers(t)
            .into_iter()
            .flat_map(|([x, y], h, m)| [x as f32, y as f32, h as f32, f32::from(Mode::from(m) as u8)])
            .collect()
    }

    /// Event points on screen: `[event, x, y, state, …]`, state an `EventState` (never Hidden).
    pub fn event_marks(&self) -> Box<[f64]> {
        self.scene
            .event_marks()
            .into_iter()
            .flat_map(|(e, [x, y], s)| [e as f64, x, y, f64::from(EventState::from(s) as u8)])
            .collect()
    }

    /// Each event's `EventState`.
    pub fn event_states(&self) -> Box<[u8]> {
        (0..self.scene.story.events.len())
            .map(|e| EventState::from(self.scene.event_state(e)) as u8)
            .collect()
    }

    pub fn event_ids(&self) -> Vec<String> {
        self.scene.story.events.iter().map(|e| e.id.clone()).collect()
    }

    /// The event each of the front arrows (`lines(Lines.Arrows)`) belongs to.
    pub fn arrow_events(&self) -> Box<[u32]> {
        self.scene.story.arrow_events.clone().into_boxed_slice()
    }

    /// Brings the event's places and arrows into the screen rectangle `(x, y, w, h)`, CSS px.
    pub fn reveal_event(&mut self, id: &str, x: f64, y: f64, w: f64, h: f64) -> bool {
        let index = self.scene.story.events.iter().position(|e| e.id == id);
        if let Some(e) = index {
            self.scene.reveal_event(e, [x, y, w, h]);
        }
        index.is_some()
    }

    /// The event a tap at `(x, y)` CSS px opens, if any.
    pub fn pick_event(&self, x: f64, y: f64) -> Option<String> {
        self.scene
            .pick_event(x, y)
            .map(|e| self.scene.story.events[e].id.clone())
    }

    /// `map.events()`: every event in date order, in `lang`, with whether it is highlighted.
    pub fn events(&self, lang: &str) -> Result<JsValue, JsError> {
        to_js(&self.scene.event_summaries(lang))
    }

    /// The counters at fractional month `at` (month_index() plus the share of the month played).
    pub fn counters(&self, lang: &str, at: f64) -> Result<JsValue, JsError> {
        to_js(&self.scene.counters(lang, at))
    }

    /// Switches the projection by name: `lcc` (the default) or `mercator`. Returns false, changing
    /// nothing, for another name. The view returns to the overview and the basemap and story
    /// are dropped: call it before `set_basemap_binary` and `set_story`.
    pub fn set_projection(&mut self, name: &str) -> bool {
        match crate::geometry::projection::MapProjection::by_name(name) {
            Some(p) => {
                self.scene.set_projection(p);
                self.war = Occupation::new(std::mem::take(&mut self.war.war), &p);
                true
            }
            None => false,
        }
    }

    /// The projection's name: `lcc` or `mercator`.
    pub fn projection(&self) -> String {
        self.scene.projection().name().to_owned()
    }

    /// The batch hit test: `points` is `[x0, y0, x1, y1, …]` in CSS px of the current view;
    /// returns, per point, the index (in `route_ids()` order) of the route whose line is nearest
    /// within `tolerance_px`, ties to the later route, or −1.
    pub fn hit_routes(&self, points: &[f64], tolerance_px: f64) -> Box<[i32]> {
        self.scene.hit_routes(points, tolerance_px).into_boxed_slice()
    }

    /// Loads the Natural Earth basemap in its binary form (`basemap.bin`).
    pub fn set_basemap_binary(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.scene.set_basemap_binary(bytes).map_err(|e| JsError::new(&e))
    }

    pub fn resize(&mut self, width: f64, height: f64) {
        self.scene.viewport = self.scene.viewport.with_size(width, height);
    }

    pub fn pan(&mut self, dx: f64, dy: f64) {
        self.scene.viewport = self.scene.viewport.panned(dx, dy);
    }

    pub fn zoom_about(&mut self, factor: f64, x: f64, y: f64) {
        self.scene.viewport = self.scene.viewport.zoomed_about(factor, x, y);
    }

    pub fn set_view(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.scene.set_view([lon, lat], zoom);
    }

    /// Frames the route with this id inside the screen rectangle `(x, y, w, h)`, CSS px.
    pub fn fit_route(&mut self, id: &str, x: f64, y: f64, w: f64, h: f64) -> bool {
        let index = self.scene.atlas.route_index(id);
        if let Some(r) = index {
            self.scene.fit_route(r, [x, y, w, h]);
        }
        index.is_some()
    }

    /// Frames every route inside the screen rectangle `(x, y, w, h)`, CSS px: the overview.
    pub fn fit_all(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.scene.fit_all([x, y, w, h]);
    }

    /// `[lon, lat, zoom]`.
    pub fn view(&self) -> Box<[f64]> {
        let ([lon, lat], zoom) = self.scene.view();
        Box::new([lon, lat, zoom])
    }

    /// World → CSS px, as `setTransform(a, b, c, d, e, f)` takes it.
    pub fn transform(&self) -> Box<[f64]> {
        Box::new(self.scene.viewport.transform())
    }

    /// CSS px per world unit.
    pub fn scale(&self) -> f64 {
        self.scene.viewport.scale()
    }

    /// `[x, y]` in CSS px, or undefined where the projection is undefined.
    pub fn project(&self, lon: f64, lat: f64) -> Option<Box<[f64]>> {
        self.scene.project([lon, lat]).map(|p| Box::new(p) as Box<[f64]>)
    }

    pub fn unproject(&self, x: f64, y: f64) -> Option<Box<[f64]>> {
        self.scene.unproject([x, y]).map(|p| Box::new(p) as Box<[f64]>)
    }

    /// The basemap level of detail for the current zoom at devicePixelRatio `dpr` (1 when
    /// omitted): the coarsest whose error stays under half a device pixel.
    pub fn basemap_level(&self, dpr: Option<f64>) -> usize {
        Basemap::level_for(self.scene.viewport.scale(), dpr.unwrap_or(1.0))
    }

    /// Cuts the basemap at the level for this view and `dpr` to the screen plus `margin_px` CSS
    /// px: returns true when less than half of it is in view, the cut then held as
    /// `lines(Lines.ViewLand)` and `lines(Lines.ViewBorders)`; false when more is (draw the
    /// cached level).
    pub fn visible_basemap(&mut self, dpr: f64, margin_px: f64) -> bool {
        // The last cut goes first, whatever the answer: building the next beside it would raise
        // the wasm memory's high-water mark (which never comes down) by a cut's size.
        self.view = None;
        self.view = self.scene.basemap_cut(dpr, margin_px);
        self.view.is_some()
    }

    pub fn basemap_levels(&self) -> usize {
        self.scene.basemap.levels()
    }

    /// Whether the basemap is the overview, whose levels are all one set of lines: the page
    /// then builds one set of paths for every level.
    pub fn basemap_is_overview(&self) -> bool {
        self.scene.basemap.is_overview()
    }

    /// Flat lines in world units, `{xy: Float32Array, starts: Uint32Array}`, line `i` being
    /// points `starts[i]..starts[i + 1]` of `xy`: `Land` and `Borders` at basemap level `level`,
    /// `Legs` at leg level `level` (see `basemap_level`; every vertex without one), the others
    /// whatever `level`. Empty for a level that does not exist.
    pub fn lines(&self, kind: Lines, level: Option<usize>) -> Result<Object, JsValue> {
        let lines = match kind {
            Lines::Land => self.scene.basemap.land(level.unwrap_or(0)),
            Lines::Borders => self.scene.basemap.borders(level.unwrap_or(0)),
            Lines::ViewLand => self.view.as_ref().map(|c| &c.land),
            Lines::ViewBorders => self.view.as_ref().map(|c| &c.borders),
            Lines::Legs => match level {
                Some(l) => self.scene.leg_level(l),
                None => Some(self.scene.leg_lines()),
            },
            Lines::Arrows => Some(&self.scene.story.arrows),
        };
        // Copied straight out of the core's memory: a `Box<[f32]>` would first copy them inside
        // it, and a whole level's or a wide cut's copy raises the wasm memory's high-water mark,
        // which never comes down.
        let (xy, starts) = lines.map_or((&[][..], &[][..]), |l| (&l.xy[..], &l.starts[..]));
        let out = Object::new();
        Reflect::set(&out, &"xy".into(), &Float32Array::from(xy))?;
        Reflect::set(&out, &"starts".into(), &Uint32Array::from(starts))?;
        Ok(out)
    }

    /// Builds the hit-test index now; otherwise the first tap or hover builds it. The page
    /// calls this in a task after its first frame, which does not need it.
    pub fn prepare_hit_test(&self) {
        self.scene.prepare_hit_test();
    }

    /// Number of levels of detail of the legs (`lines(Lines.Legs, level)` takes 0 to this minus one).
    pub fn leg_levels(&self) -> usize {
        self.scene.leg_level_count()
    }

    /// Each leg's `Mode`.
    pub fn leg_modes(&self) -> Box<[u8]> {
        self.scene.atlas.legs.iter().map(|l| Mode::from(l.mode) as u8).collect()
    }

    /// Indices of the legs of the route with this id (empty if unknown).
    pub fn route_legs(&self, id: &str) -> Box<[u32]> {
        let route = self.scene.atlas.route_index(id).map(|r| &self.scene.atlas.routes[r]);
        route
            .map(|r| r.legs.iter().map(|&l| l as u32).collect())
            .unwrap_or_default()
    }

    pub fn route_ids(&self) -> Vec<String> {
        self.scene.atlas.routes.iter().map(|r| r.id.clone()).collect()
    }

    /// The route a tap at `(x, y)` CSS px selects, if any.
    pub fn pick(&self, x: f64, y: f64) -> Option<String> {
        self.scene.pick(x, y).map(|r| self.scene.atlas.routes[r].id.clone())
    }

    /// Every route within reach of `(x, y)`, best first.
    pub fn pick_all(&self, x: f64, y: f64) -> Vec<String> {
        self.scene
            .pick_all(x, y)
            .into_iter()
            .map(|r| self.scene.atlas.routes[r].id.clone())
            .collect()
    }

    /// Selects a route by id, or clears the selection with `null`. Returns whether it is known.
    pub fn select(&mut self, id: Option<String>) -> bool {
        let index = id.as_deref().and_then(|id| self.scene.atlas.route_index(id));
        self.scene.select(index);
        id.is_none() || index.is_some()
    }

    pub fn selected(&self) -> Option<String> {
        self.scene.selected().map(|r| self.scene.atlas.routes[r].id.clone())
    }

    /// `map.routes()`: every route with its legs and lengths, in `lang`.
    pub fn routes(&self, lang: &str) -> Result<JsValue, JsError> {
        to_js(&self.scene.route_summaries(lang))
    }

    /// Everything the details panel shows for a route, or null.
    pub fn details(&self, id: &str, lang: &str) -> Result<JsValue, JsError> {
        let d = self
            .scene
            .atlas
            .route_index(id)
            .and_then(|r| self.scene.route_details(r, lang));
        to_js(&d)
    }

    pub fn places(&self, lang: &str) -> Result<JsValue, JsError> {
        to_js(&self.scene.places(lang))
    }

    /// Label sizes in CSS px as `[w0, h0, w1, h1, …]`, one pair per place.
    pub fn set_label_sizes(&mut self, sizes: &[f64]) {
        self.scene
            .set_label_sizes(sizes.chunks_exact(2).map(|c| [c[0], c[1]]).collect());
    }

    /// This frame's named places as `[place, x, y, mark, left, top, width, height, leader, …]`:
    /// the centre of the place's mark (a `LabelMark`) and its label's box, CSS px, and 1 where a
    /// leader line should join the label to its mark (a crowd of places), for each place drawn:
    /// a place not listed has neither dot nor name. `obstacles` is `[x, y, w, h, …]` of screen
    /// areas to keep clear (cards, buttons); the core keeps labels off event marks itself. The
    /// order of naming is the core's (`Scene::labels`).
    pub fn labels(&self, obstacles: &[f64]) -> Box<[f64]> {
        let obstacles = rects(obstacles);
        self.scene
            .labels(&obstacles)
            .into_iter()
            .flat_map(|l| {
                let mark = f64::from(LabelMark::from(l.mark) as u8);
                let Rect { x, y, w, h } = l.placed.rect;
                let leader = f64::from(u8::from(l.placed.leader));
                [l.place as f64, l.at[0], l.at[1], mark, x, y, w, h, leader]
            })
            .collect()
    }
}

/// The war around the routes (issue 21): what Japan held at the month shown, the period's
/// labels and the chapters.
#[wasm_bindgen]
impl RouteMap {
    /// Loads the war's files (each optional: `occupied.geojson`, `period-states.geojson`,
    /// `chapters.json`) for the set and story loaded; on failure throws the messages and keeps
    /// the war shown before.
    pub fn set_war(
        &mut self,
        occupied: Option<String>,
        period_states: Option<String>,
        chapters: Option<String>,
    ) -> Result<(), JsValue> {
        let files = RouteSetFiles {
            occupied: occupied.as_deref(),
            period_states: period_states.as_deref(),
            chapters: chapters.as_deref(),
            ..RouteSetFiles::default()
        };
        let story = &self.scene.story;
        let war = loader::load_war(
            &self.scene.atlas,
            &self.languages,
            &story.events,
            story.timeline.as_ref(),
            files,
        )
        .map_err(|e| errors_to_js(&e))?;
        self.war = Occupation::new(war, &self.scene.projection());
        Ok(())
    }

    /// Every held item (whatever the month) in `lang`, in the order of `war_lines().item`:
    /// `[{id, kind, name, label, since, until, approximate, note, method, place, event, sources}]`.
    pub fn war_items(&self, lang: &str) -> Result<JsValue, JsError> {
        let atlas = &self.scene.atlas;
        let items: Vec<_> = self
            .war
            .war
            .held
            .iter()
            .map(|h| views::held_details(atlas, h, lang))
            .collect();
        to_js(&items)
    }

    /// The held items' geometry in world units, `{xy, starts, item}`: line `i` (an area ring, a
    /// railway, a blockade line, or a city as a line of one point) belongs to `war_items()[item[i]]`.
    pub fn war_lines(&self) -> Result<Object, JsValue> {
        let out = Object::new();
        Reflect::set(&out, &"xy".into(), &Float32Array::from(&self.war.lines.xy[..]))?;
        Reflect::set(&out, &"starts".into(), &Uint32Array::from(&self.war.lines.starts[..]))?;
        Reflect::set(&out, &"item".into(), &Uint32Array::from(&self.war.item[..]))?;
        Ok(out)
    }

    /// 1 per held item held at the month shown; all 0 over the whole period.
    pub fn war_held(&self) -> Box<[u8]> {
        self.war.held(self.scene.month()).into_boxed_slice()
    }

    /// `map.occupied()`: `{places, lines, areas}` held at the month shown, in `lang`; null over
    /// the whole period.
    pub fn occupied(&self, lang: &str) -> Result<JsValue, JsError> {
        to_js(&views::occupied(&self.war.war.held, self.scene.month(), lang))
    }

    /// What a tap at `(x, y)` CSS px opens, in the core's order (`map::hit::tap`): `["event",
    /// id]`, `["held", id]` (a held city's mark), or `["route", id, …]` with every route under
    /// it (none: an empty tap).
    pub fn pick_tap(&self, x: f64, y: f64) -> Vec<String> {
        let s = &self.scene;
        let held = &self.war.war.held;
        match crate::map::hit::tap(
            || s.pick_event(x, y),
            || self.war.pick_city(s, x, y),
            || s.pick_all(x, y),
        ) {
            Tap::Event(e) => vec!["event".into(), s.story.events[e].id.clone()],
            Tap::Held(h) => vec!["held".into(), held[h].id.clone()],
            Tap::Routes(r) => std::iter::once("route".to_owned())
                .chain(r.into_iter().map(|r| s.atlas.routes[r].id.clone()))
                .collect(),
        }
    }

    /// The period's labels placed for this frame, after the place names (issue 21): `sizes` is
    /// `[w, h, …]` CSS px, one pair per label of `period_labels()` in its order; `extra` is
    /// `[lon, lat, dx, w, h, beside_place, …]`, labels placed before those (a chapter's fronts,
    /// the held cities' names: box centred `dx` px right of the point; `beside_place` 1 drops it
    /// where a named place stands); `obstacles` as for `labels()`. Returns `[label, anchor, x,
    /// y, w, h, …]`: the label's index in `period_labels()` and which of its anchors, or `-1 -
    /// j` and 0 for `extra`'s `j`-th, and its box; a label not listed is not drawn (no room
    /// clear of the place names, or a zoom too far out for its rank).
    pub fn period_label_boxes(&self, sizes: &[f64], extra: &[f64], obstacles: &[f64]) -> Box<[f64]> {
        let obstacles = rects(obstacles);
        let sizes: Vec<[f64; 2]> = sizes.chunks_exact(2).map(|c| [c[0], c[1]]).collect();
        let extra: Vec<ExtraLabel> = extra
            .chunks_exact(6)
            .map(|c| ExtraLabel {
                at: [c[0], c[1]],
                dx: c[2],
                width: c[3],
                height: c[4],
                beside_place: c[5] != 0.0,
            })
            .collect();
        let named = self.scene.labels(&obstacles);
        self.war
            .place_state_labels(&self.scene, &named, &sizes, &extra, &obstacles)
            .into_iter()
            .flat_map(|l| {
                let Rect { x, y, w, h } = l.rect;
                let (label, anchor) = match l.which {
                    WarLabel::State { shown, anchor } => (shown as f64, anchor as f64),
                    WarLabel::Extra(j) => (-1.0 - j as f64, 0.0),
                };
                [label, anchor, x, y, w, h]
            })
            .collect()
    }

    /// The period's labels for the month shown (over the whole period, those true throughout),
    /// `[{id, kind, rank, name, anchors: [[lon, lat]]}]` in `lang`.
    pub fn period_labels(&self, lang: &str) -> Result<JsValue, JsError> {
        let states = &self.war.war.states;
        let shown = self.war.states_at(self.scene.month(), self.scene.month_range());
        let labels: Vec<_> = shown
            .into_iter()
            .map(|i| views::period_label(&states[i], lang))
            .collect();
        to_js(&labels)
    }

    /// `map.chapters()`: `[{id, title, text, month, routes, events, frame, labels, sources}]`.
    pub fn chapters(&self, lang: &str) -> Result<JsValue, JsError> {
        to_js(&views::chapters(&self.scene.atlas, &self.war.war.chapters, lang))
    }

    /// Frames chapter `id`'s `[west, south, east, north]` inside the screen rectangle
    /// `(x, y, w, h)` CSS px; false for an unknown id.
    pub fn fit_chapter(&mut self, id: &str, x: f64, y: f64, w: f64, h: f64) -> bool {
        let Some(c) = self.war.war.chapters.iter().find(|c| c.id == id) else {
            return false;
        };
        let projection = self.scene.projection();
        self.scene.viewport = fit_frame(self.scene.viewport, c.frame, [x, y, w, h], &projection);
        true
    }
}

/// Screen rectangles from `[x, y, w, h, …]` CSS px.
fn rects(flat: &[f64]) -> Vec<Rect> {
    flat.chunks_exact(4)
        .map(|c| Rect {
            x: c[0],
            y: c[1],
            w: c[2],
            h: c[3],
        })
        .collect()
}

/// The kiosk's QR code for `text` (a deep link): its modules row by row, 1 dark, 0 light, a
/// square of `sqrt(length)` modules a side, without the quiet zone. Throws for an empty text
/// or one too long for a QR code.
#[wasm_bindgen]
pub fn qr_matrix(text: &str) -> Result<Box<[u8]>, JsError> {
    let m = crate::qr::encode(text).map_err(|e| JsError::new(&e))?;
    Ok(m.dark.into_iter().map(u8::from).collect())
}
