//! What the page shows about routes and places, resolved into one language. These values cross
//! to JavaScript through serde; lengths are the core's geodesic figures, unrounded.

use serde::Serialize;

use crate::model::{Mode, Period};

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
    pub length_km: f64,
    pub length_nm: Option<f64>,
    pub via: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FigureDetails {
    pub text: String,
    pub source: String,
    pub note: Option<String>,
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
    pub closed: String,
    pub length_km: f64,
    pub length_nm: Option<f64>,
    pub legs: Vec<LegDetails>,
    pub figures: Vec<FigureDetails>,
    pub sources: Vec<SourceDetails>,
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
