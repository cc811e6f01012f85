//! Reading JSON fields: serde for the files whose shape serde describes (events, timeline),
//! naming the failing field.

/// Deserializes `value` as `T`, or describes the failing field (`counters[1].total`).
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
) -> Result<T, (Option<String>, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = (path != ".").then_some(path);
        (field, e.into_inner().to_string())
    })
}
