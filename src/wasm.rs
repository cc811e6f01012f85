//! The JavaScript boundary, and the only module that knows about it. Per-frame geometry leaves
//! as flat typed arrays; route details and errors as plain objects through serde.

use js_sys::{Float32Array, Uint32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::basemap::{Basemap, FlatLines};
use crate::geodata::{self, GeodataFiles};
use crate::labels::Rect;
use crate::scene::Scene;
use crate::timeline::{self, Month};
use crate::{events, geodata::LoadError};

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
    /// The basemap cut to the last view `visible_basemap` was asked about.
    view_land: FlatLines,
    view_borders: FlatLines,
}

#[wasm_bindgen]
impl RouteMap {
    /// Loads the geodata texts. On failure throws an array of messages, each naming the file,
    /// the feature and the field. `projection` (`lcc`, the default, or `mercator`) is given here
    /// rather than by `set_projection` afterwards when it is known, so that the scene is built
    /// once at start-up instead of twice.
    #[wasm_bindgen(constructor)]
    pub fn new(
        routes: &str,
        places: &str,
        sources: &str,
        width: f64,
        height: f64,
        projection: Option<String>,
    ) -> Result<RouteMap, JsValue> {
        let projection = match projection.as_deref() {
            None => crate::projection::MapProjection::default(),
            Some(name) => crate::projection::MapProjection::by_name(name).ok_or_else(|| {
                let message = vec![format!("no projection named {name:?} (lcc or mercator)")];
                to_js(&message).unwrap_or_else(|e| e.into())
            })?,
        };
        let atlas = geodata::load(GeodataFiles {
            routes,
            places,
            sources,
        })
        .map_err(|errors| errors_to_js(&errors))?;
        Ok(RouteMap {
            scene: Scene::with_projection(atlas, projection, width, height),
            view_land: FlatLines::default(),
            view_borders: FlatLines::default(),
        })
    }

    /// Replaces the route set shown (the three geodata texts, and optionally events and a
    /// timeline) after validating all of it; on any problem throws the messages and keeps the
    /// set shown before. The view and the basemap stay.
    pub fn load_set(
        &mut self,
        routes: &str,
        places: &str,
        sources: &str,
        events_text: Option<String>,
        timeline_text: Option<String>,
    ) -> Result<(), JsValue> {
        let atlas = geodata::load(GeodataFiles {
            routes,
            places,
            sources,
        })
        .map_err(|errors| errors_to_js(&errors))?;
        let timeline = timeline_text.as_deref().map(timeline::load).transpose();
        let events = events_text.as_deref().map(|t| events::load(t, &atlas)).transpose();
        match (timeline, events) {
            (Ok(t), Ok(e)) => {
                self.scene.replace_atlas(atlas);
                self.scene.set_story(t, e.unwrap_or_default());
                Ok(())
            }
            (t, e) => {
                let mut all = t.err().unwrap_or_default();
                all.extend(e.err().unwrap_or_default());
                Err(errors_to_js(&all))
            }
        }
    }

    /// Loads the story: `events.geojson` and `timeline.json`. On failure throws an array of
    /// messages, each naming the file, the feature and the field; the map keeps working without.
    pub fn set_story(&mut self, events_text: &str, timeline_text: &str) -> Result<(), JsValue> {
        let timeline = timeline::load(timeline_text);
        let events = events::load(events_text, &self.scene.atlas);
        match (timeline, events) {
            (Ok(t), Ok(e)) => {
                self.scene.set_story(Some(t), e);
                Ok(())
            }
            (t, e) => {
                let mut all = t.err().unwrap_or_default();
                all.extend(e.err().unwrap_or_default());
                Err(errors_to_js(&all))
            }
        }
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

    /// Markers at playback time `t` (s): `[x, y, heading, mode, …]`, CSS px and radians.
    pub fn markers(&self, t: f64) -> Box<[f32]> {
        self.scene
            .markers(t)
            .into_iter()
            .flat_map(|([x, y], h, m)| [x as f32, y as f32, h as f32, f32::from(m.index())])
            .collect()
    }

    /// Event points on screen: `[event, x, y, state, …]`; state 1 past, 2 highlighted.
    pub fn event_marks(&self) -> Box<[f64]> {
        self.scene
            .event_marks()
            .into_iter()
            .flat_map(|(e, [x, y], s)| [e as f64, x, y, f64::from(s as u8)])
            .collect()
    }

    /// Each event's state: 0 hidden, 1 past, 2 highlighted.
    pub fn event_states(&self) -> Box<[u8]> {
        (0..self.scene.story.events.len())
            .map(|e| self.scene.event_state(e) as u8)
            .collect()
    }

    pub fn event_ids(&self) -> Vec<String> {
        self.scene.story.events.iter().map(|e| e.id.clone()).collect()
    }

    /// The 1945 front arrows, densified and projected (world units), and the event of each.
    pub fn arrows_xy(&self) -> Float32Array {
        xy(Some(&self.scene.story.arrows))
    }

    pub fn arrows_starts(&self) -> Uint32Array {
        starts(Some(&self.scene.story.arrows))
    }

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
        match crate::projection::MapProjection::by_name(name) {
            Some(p) => {
                self.scene.set_projection(p);
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
    /// px: returns true when less than half of it is in view, then held in `view_land_*` and
    /// `view_borders_*`; false when more is (draw the cached level).
    pub fn visible_basemap(&mut self, dpr: f64, margin_px: f64) -> bool {
        // The last cut goes first, whatever the answer: building the next beside it would raise
        // the wasm memory's high-water mark (which never comes down) by a cut's size.
        self.view_land = FlatLines::default();
        self.view_borders = FlatLines::default();
        let level = Basemap::level_for(self.scene.viewport.scale(), dpr);
        let (Some(land), Some(borders)) = (self.scene.basemap.land(level), self.scene.basemap.borders(level)) else {
            return false;
        };
        let v = self.scene.viewport;
        let m = margin_px.max(0.0);
        let a = v.to_world([-m, -m]);
        let z = v.to_world([v.width + m, v.height + m]);
        let b = crate::viewport::Bounds {
            min: [a[0].min(z[0]), a[1].min(z[1])],
            max: [a[0].max(z[0]), a[1].max(z[1])],
        };
        // The cut holds at least every point inside the box: when those alone are more than
        // half the level, the answer is the whole level, without building the cut.
        let total = land.point_count() + borders.point_count();
        if 2 * (land.points_inside(&b) + borders.points_inside(&b)) > total {
            return false;
        }
        match crate::basemap::visible_part(land, borders, &b) {
            // Most of the level in view: the cached whole level costs the page nothing to build.
            Some((l, r)) if 2 * (l.point_count() + r.point_count()) > total => false,
            Some((l, r)) => {
                self.view_land = l;
                self.view_borders = r;
                true
            }
            None => false,
        }
    }

    pub fn view_land_xy(&self) -> Float32Array {
        xy(Some(&self.view_land))
    }

    pub fn view_land_starts(&self) -> Uint32Array {
        starts(Some(&self.view_land))
    }

    pub fn view_borders_xy(&self) -> Float32Array {
        xy(Some(&self.view_borders))
    }

    pub fn view_borders_starts(&self) -> Uint32Array {
        starts(Some(&self.view_borders))
    }

    pub fn basemap_levels(&self) -> usize {
        self.scene.basemap.levels()
    }

    /// Whether the basemap is the overview, whose levels are all one set of lines: the page
    /// then builds one set of paths for every level.
    pub fn basemap_is_overview(&self) -> bool {
        self.scene.basemap.is_overview()
    }

    pub fn land_xy(&self, level: usize) -> Float32Array {
        xy(self.scene.basemap.land(level))
    }

    pub fn land_starts(&self, level: usize) -> Uint32Array {
        starts(self.scene.basemap.land(level))
    }

    pub fn borders_xy(&self, level: usize) -> Float32Array {
        xy(self.scene.basemap.borders(level))
    }

    pub fn borders_starts(&self, level: usize) -> Uint32Array {
        starts(self.scene.basemap.borders(level))
    }

    /// Every leg, densified along its geodesic and projected (world units).
    pub fn leg_xy(&self) -> Float32Array {
        xy(Some(self.scene.leg_lines()))
    }

    pub fn leg_starts(&self) -> Uint32Array {
        starts(Some(self.scene.leg_lines()))
    }

    /// Builds the hit-test index now; otherwise the first tap or hover builds it. The page
    /// calls this in a task after its first frame, which does not need it.
    pub fn prepare_hit_test(&self) {
        self.scene.prepare_hit_test();
    }

    /// Number of levels of detail of the legs (`leg_xy_at` takes 0 to this minus one).
    pub fn leg_levels(&self) -> usize {
        self.scene.leg_level_count()
    }

    /// The legs as drawn at basemap level `level` (see `basemap_level`): simplified to half a
    /// device px, leg `i` is points `leg_starts_at(level)[i]..[i + 1]`, as in `leg_xy`.
    pub fn leg_xy_at(&self, level: usize) -> Float32Array {
        xy(self.scene.leg_level(level))
    }

    pub fn leg_starts_at(&self, level: usize) -> Uint32Array {
        starts(self.scene.leg_level(level))
    }

    /// Each leg's mode: 0 sea, 1 rail, 2 road, 3 air.
    pub fn leg_modes(&self) -> Box<[u8]> {
        self.scene.atlas.legs.iter().map(|l| l.mode.index()).collect()
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

    /// This frame's labels as `[place, x, y, placement, …]`; `obstacles` is `[x, y, w, h, …]`
    /// of screen areas to keep clear. Placement 0 = hidden, 1 right, 2 left, 3 above, 4 below.
    pub fn labels(&self, obstacles: &[f64]) -> Box<[f64]> {
        let obstacles: Vec<Rect> = obstacles
            .chunks_exact(4)
            .map(|c| Rect {
                x: c[0],
                y: c[1],
                w: c[2],
                h: c[3],
            })
            .collect();
        self.scene
            .labels(&obstacles)
            .into_iter()
            .flat_map(|(i, [x, y], p)| [i as f64, x, y, f64::from(p as u8)])
            .collect()
    }
}

// Lines cross as JS typed arrays copied straight out of the core's memory: a `Box<[f32]>`
// would first copy them inside it, and a whole level's or a wide cut's copy raises the wasm
// memory's high-water mark, which never comes down.
fn xy(lines: Option<&FlatLines>) -> Float32Array {
    Float32Array::from(lines.map_or(&[][..], |l| &l.xy[..]))
}

fn starts(lines: Option<&FlatLines>) -> Uint32Array {
    Uint32Array::from(lines.map_or(&[][..], |l| &l.starts[..]))
}

/// The kiosk's QR code for `text` (a deep link): its modules row by row, 1 dark, 0 light, a
/// square of `sqrt(length)` modules a side, without the quiet zone. Throws for an empty text
/// or one too long for a QR code.
#[wasm_bindgen]
pub fn qr_matrix(text: &str) -> Result<Box<[u8]>, JsError> {
    let m = crate::qr::encode(text).map_err(|e| JsError::new(&e))?;
    Ok(m.dark.into_iter().map(u8::from).collect())
}
