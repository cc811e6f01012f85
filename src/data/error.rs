//! What a loader reports: one problem in one file, naming the feature and the field.

use std::fmt;

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub file: String,
    /// The feature's id, or `#index` when it has none.
    pub feature: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        if let Some(feature) = &self.feature {
            write!(f, "feature \"{feature}\": ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "field \"{field}\": ")?;
        }
        f.write_str(&self.message)
    }
}

/// A problem with a whole file (not valid JSON, not a FeatureCollection).
pub(crate) fn file_error(file: &str, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_owned(),
        feature: None,
        field: None,
        message: message.into(),
    }
}

/// A problem with one field of one feature (or with the file, without a feature).
pub(crate) fn error(file: &str, feature: Option<&str>, field: Option<String>, message: String) -> LoadError {
    LoadError {
        file: file.to_owned(),
        feature: feature.map(str::to_owned),
        field,
        message,
    }
}
