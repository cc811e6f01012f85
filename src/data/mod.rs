//! The route set: places, legs, routes, sources, events and the timeline as plain validated
//! values, and the one loader that reads them from the files in `geodata/`, reporting every
//! problem by file, feature and field.
//!
//! - [`loader`]: the whole set from its files, into one [`loader::RouteSet`].
//! - [`routes`], [`places`], [`sources`], [`events`], [`timeline`], [`occupied`] (with the
//!   period's states), [`chapters`]: each file's rules;
//!   [`published`]: the published lengths in `routes.geojson`, and how the drawn line compares.
//!   [`interface`]: the interface's strings, a file a language.
//! - [`json`]: reading JSON fields, for every file's rules; [`error`]: what they report;
//!   [`report`]: where they report it, with the set's languages every text is checked against.
//! - [`model`], [`month`], [`text`], [`languages`]: the values the set is made of.

pub mod chapters;
pub mod error;
pub mod events;
pub mod interface;
pub mod json;
pub mod languages;
pub mod loader;
pub mod model;
pub mod month;
pub mod occupied;
pub mod places;
pub mod published;
pub mod report;
pub mod routes;
pub mod sources;
pub mod text;
pub mod timeline;
