//! A rule's `params` table as a pack is loaded: each value read by its
//! type, with an error that names the pack file, the rule and the field.

use crate::analysis::pack::{Channel, PackError, Target};
use jiff::civil::Time;

/// The values of a `to` parameter.
pub(crate) const TARGETS: &[(&str, Target)] =
    &[("debtor", Target::Debtor), ("anyone", Target::Anyone)];

/// A rule's `params` table, read with errors that name the rule and field.
pub(crate) struct Params<'a> {
    pub(crate) table: &'a toml::Table,
    pub(crate) place: &'a str,
    pub(crate) file: &'a str,
}

impl Params<'_> {
    pub(crate) fn error(&self, name: &str, message: &str) -> PackError {
        PackError::Invalid {
            file: self.file.to_owned(),
            place: self.place.to_owned(),
            message: format!("params.{name} {message}"),
        }
    }

    pub(crate) fn value(&self, name: &str) -> Result<&toml::Value, PackError> {
        self.table
            .get(name)
            .ok_or_else(|| self.error(name, "is missing"))
    }

    /// One of `options` by its name; `default` when the parameter is
    /// absent (`None`: it is required).
    pub(crate) fn choice<T: Copy>(
        &self,
        name: &str,
        options: &[(&str, T)],
        default: Option<T>,
    ) -> Result<T, PackError> {
        if let (None, Some(default)) = (self.table.get(name), default) {
            return Ok(default);
        }
        let given = self.string(name)?;
        options
            .iter()
            .find(|(key, _)| *key == given)
            .map(|(_, value)| *value)
            .ok_or_else(|| {
                let names: Vec<&str> = options.iter().map(|(key, _)| *key).collect();
                self.error(
                    name,
                    &format!("{given:?} is neither {}", names.join(" nor ")),
                )
            })
    }

    pub(crate) fn string(&self, name: &str) -> Result<String, PackError> {
        self.value(name)?
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| self.error(name, "must be a string"))
    }

    pub(crate) fn strings(&self, name: &str) -> Result<Vec<String>, PackError> {
        let list = self
            .value(name)?
            .as_array()
            .ok_or_else(|| self.error(name, "must be a list of strings"))?;
        let strings: Option<Vec<String>> =
            list.iter().map(|v| v.as_str().map(str::to_owned)).collect();
        match strings {
            Some(s) if !s.is_empty() => Ok(s),
            _ => Err(self.error(name, "must be a non-empty list of strings")),
        }
    }

    pub(crate) fn count(&self, name: &str) -> Result<u32, PackError> {
        self.value(name)?
            .as_integer()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| self.error(name, "must be a whole number, 0 or more"))
    }

    pub(crate) fn positive(&self, name: &str) -> Result<u32, PackError> {
        match self.count(name)? {
            0 => Err(self.error(name, "must be at least 1")),
            n => Ok(n),
        }
    }

    pub(crate) fn time(&self, name: &str) -> Result<Time, PackError> {
        let text = self.string(name)?;
        Time::strptime("%H:%M", &text).map_err(|_| {
            self.error(
                name,
                &format!("{text:?} is not a time of day like \"22:00\""),
            )
        })
    }

    pub(crate) fn channels(&self, name: &str) -> Result<Vec<Channel>, PackError> {
        self.strings(name)?
            .iter()
            .map(|s| {
                Channel::ALL
                    .into_iter()
                    .find(|c| c.as_str() == s)
                    .ok_or_else(|| self.error(name, &format!("names an unknown channel {s:?}")))
            })
            .collect()
    }
}
